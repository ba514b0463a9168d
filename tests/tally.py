"""The count every Python check of the suite keeps: each check passes or
prints one line "FAIL what", and the script ends with one line
"name: N passed, M failed" that tests/harness.sh and a reader both
understand."""


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what):
        """Counts one check; prints what failed. Returns ok, so that a
        caller can skip what depends on it."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL " + what)
        return ok

    def summary(self, name):
        """Prints the closing line; returns the exit status."""
        print("%s: %d passed, %d failed" % (name, self.passed, self.failed))
        return 1 if self.failed else 0
