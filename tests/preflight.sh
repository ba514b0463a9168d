# tests/preflight.sh - Apache PDFBox Preflight 2.0, a PDF/A-1b validator
# (Debian package libpdfbox2-java, with libactivation-java and
# libjaxb-api-java on Java 17; engine/setup.sh installs them), for the
# test scripts that source it (pdfa.sh, emblem.sh).
#
#   preflight FILE      runs the validator; its report goes to stdout
#   preflight_state     prints "yes"; "no" when there is no java (the
#                       caller skips the checks); "missing" when java is
#                       here but the jars are not (setup.sh was not run)

jars=/usr/share/java
classpath=
for j in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
    classpath=$classpath${classpath:+:}$jars/$j.jar
done

preflight() {
    java -cp "$classpath" org.apache.pdfbox.preflight.Validator_A1b "$1"
}

preflight_state() {
    if ! command -v java > /dev/null 2>&1; then
        echo no
    elif [ ! -f "$jars/preflight.jar" ] || [ ! -f "$jars/jaxb-api.jar" ]; then
        echo missing
    else
        echo yes
    fi
}
