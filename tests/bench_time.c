/*
 * bench_time.c - times commands for `make bench` (tests/bench.sh).
 *
 *   bench_time RUNS WARMUPS COMMAND [ARG...] [:: COMMAND [ARG...]]...
 *
 * Runs each COMMAND WARMUPS times untimed, then RUNS rounds in which
 * every command runs once, in the order given (A B A B ...), so that a
 * change of load on a shared machine falls on all of them alike rather
 * than on whichever ran last. Each run is a whole process (start-up
 * included), its standard output and error sent to /dev/null. Prints
 * one line a command: the median wall seconds, the median CPU seconds
 * (user + system, children included) and the largest peak resident set
 * in KiB, e.g. "0.0153 0.0149 9876", or "failed" for a command that
 * failed once (it is not run again; its status goes to standard error);
 * exits 1 when one did.
 *
 * It measures; it judges nothing: the goals are in tests/bench.sh.
 */
#define _DEFAULT_SOURCE         /* wait4() */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 100

typedef struct sample {
    double wall, cpu;
    long rss_kib;
} sample;

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* One run: fork, exec with quiet output, wait4 for its resources. */
static int run_once(char **argv, sample *s)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    s->wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    s->cpu = seconds(ru.ru_utime) + seconds(ru.ru_stime);
    s->rss_kib = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_time: %s failed (status %d)\n", argv[0],
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_COMMANDS 16

typedef struct command {
    char **argv;
    bool failed;
    double wall[MAX_RUNS], cpu[MAX_RUNS];
    long rss;
} command;

/* Splits argv at each "::" into commands; returns their count. */
static int split_commands(char **argv, command *cmds)
{
    int n = 0;
    cmds[n++] = (command){ .argv = argv };
    for (char **a = argv; *a; a++) {
        if (strcmp(*a, "::") != 0)
            continue;
        *a = NULL;
        if (n == MAX_COMMANDS || !a[1])
            return -1;
        cmds[n++] = (command){ .argv = a + 1 };
    }
    return cmds[n - 1].argv[0] ? n : -1;
}

static void run_round(command *cmds, int n, int round)
{
    for (int c = 0; c < n; c++) {
        sample s;
        if (cmds[c].failed)
            continue;
        if (run_once(cmds[c].argv, &s) != 0) {
            cmds[c].failed = true;
            continue;
        }
        if (round < 0)
            continue;           /* a warm-up */
        cmds[c].wall[round] = s.wall;
        cmds[c].cpu[round] = s.cpu;
        if (s.rss_kib > cmds[c].rss)
            cmds[c].rss = s.rss_kib;
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: bench_time RUNS WARMUPS COMMAND [ARG...] [:: COMMAND [ARG...]]...\n",
              stderr);
        return 2;
    }
    int runs = atoi(argv[1]), warmups = atoi(argv[2]);
    if (runs < 1 || runs > MAX_RUNS || warmups < 0) {
        fputs("bench_time: RUNS from 1 to 100, WARMUPS from 0\n", stderr);
        return 2;
    }
    static command cmds[MAX_COMMANDS];
    int n = split_commands(argv + 3, cmds);
    if (n < 0) {
        fputs("bench_time: an empty command, or more than 16\n", stderr);
        return 2;
    }
    for (int i = 0; i < warmups; i++)
        run_round(cmds, n, -1);
    for (int r = 0; r < runs; r++)
        run_round(cmds, n, r);
    int failed = 0;
    for (int c = 0; c < n; c++) {
        if (cmds[c].failed) {
            puts("failed");
            failed = 1;
            continue;
        }
        printf("%.4f %.4f %ld\n", median(cmds[c].wall, runs),
               median(cmds[c].cpu, runs), cmds[c].rss);
    }
    return failed;
}
