#!/bin/sh
# make check-slurm: the Slurm job array of docs/batch.md, run as written
# on a one-node Slurm cluster that this script starts and stops itself
# (Debian 12's slurmctld, slurmd and munge; about 30 s):
#
#   1. a corpus of notes in a tree is rendered by the array; every input
#      is rendered exactly once across its sixteen tasks (their JSON
#      reports together list each input once, as rendered), every PDF is
#      there and whole;
#   2. the same script submitted again renders nothing: every input is
#      skipped as up to date.
#
# The daemons run as root with their state, sockets, logs and ports
# (16817, 16818) in a temporary directory, so nothing of the machine's
# own Slurm or munge is touched. The node is declared with sixteen CPUs
# whatever the machine has (SlurmdParameters=config_overrides), so that
# the script's --cpus-per-task=4 runs as written on a small machine.
#
# Usage: sh tests/slurm.sh build/notepress [COUNT]. Needs root; prints
# "skipped" and succeeds when Slurm is not installed or not root.

NP=${1:-build/notepress}
count=${2:-120}
here=$(cd "$(dirname "$0")" && pwd) || exit 2
top=$(cd "$here/.." && pwd) || exit 2

for cmd in slurmctld slurmd munged sbatch sinfo; do
    if ! command -v "$cmd" > /dev/null 2>&1; then
        echo "slurm.sh: skipped: $cmd not installed (engine/setup.sh installs it)"
        exit 0
    fi
done
if [ "$(id -u)" -ne 0 ]; then
    echo "slurm.sh: skipped: the Slurm daemons need root"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/notepress-slurm.XXXXXX") || exit 2
chmod 755 "$tmp"
stop_daemons() {
    for pid in "$tmp/run/slurmd.pid" "$tmp/run/slurmctld.pid" "$tmp/run/munged.pid"; do
        [ -f "$pid" ] && kill "$(cat "$pid")" 2> /dev/null
    done
    sleep 1
}
trap 'stop_daemons; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }

# ---- the cluster ------------------------------------------------------
mkdir -p "$tmp/run" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/bin"
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 2> /dev/null
chmod 600 "$tmp/munge.key"
munged --force --key-file="$tmp/munge.key" --socket="$tmp/run/munge.sock" \
    --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" \
    --seed-file="$tmp/run/munged.seed" || { echo "slurm.sh: munged did not start"; exit 1; }

host=$(hostname)
cat > "$tmp/slurm.conf" <<EOF
ClusterName=notepress-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$tmp/run/munge.sock
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=16 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -i || { echo "slurm.sh: slurmctld did not start"; exit 1; }
slurmd || { echo "slurm.sh: slurmd did not start"; exit 1; }
i=0
until sinfo -h -o %t 2> /dev/null | grep -q idle; do
    i=$((i + 1))
    if [ "$i" -gt 30 ]; then
        echo "slurm.sh: the node never became idle"; tail -5 "$tmp/log/slurmctld.log"
        exit 1
    fi
    sleep 1
done

# ---- the corpus and the script of docs/batch.md ------------------------
data=$tmp/annexes
sh "$here/gen_notes.sh" "$count" "$data/xml" || exit 1
mkdir -p "$data/reports"
# `notepress` on the PATH, as the documentation assumes.
ln -s "$(cd "$(dirname "$NP")" && pwd)/$(basename "$NP")" "$tmp/bin/notepress"
# The script exactly as documented, with the documentation's /shared
# directory moved under this test's own.
sed -n '/^A Slurm job array/,/^A Kubernetes/p' "$top/docs/batch.md" \
    | sed -n 's/^    //p' | sed "s|/shared/annexes|$data|g" > "$tmp/job.sh"
if grep -q '^exec notepress batch' "$tmp/job.sh" && grep -q -- '--array=' "$tmp/job.sh"; then ok; else
    ko "docs/batch.md has no job array script"; cat "$tmp/job.sh"; exit 1
fi

submit() {
    (cd "$tmp" && PATH="$tmp/bin:$PATH" sbatch --wait -o "$tmp/log/task-%a.out" "$tmp/job.sh") \
        > "$tmp/sbatch.out" 2>&1
}

# Reads the reports; prints "TASKS RENDERED SKIPPED FAILED DISTINCT DUPLICATES".
summary() {
    python3 - "$data/reports" <<'EOF'
import json, os, sys
d = sys.argv[1]
tasks = rendered = skipped = failed = 0
seen = {}
for name in sorted(os.listdir(d)):
    with open(os.path.join(d, name)) as f:
        r = json.load(f)
    tasks += 1
    rendered += r['rendered']
    skipped += r['skipped']
    failed += r['failed']
    for doc in r['documents']:
        seen[doc['input']] = seen.get(doc['input'], 0) + 1
dups = sum(1 for n in seen.values() if n > 1)
print(tasks, rendered, skipped, failed, len(seen), dups)
EOF
}

# ---- 1. the first submission renders everything once --------------------
start=$(date +%s)
if submit; then ok; else ko "sbatch --wait failed"; cat "$tmp/sbatch.out"; tail -5 "$tmp"/log/task-*.out; fi
set -- $(summary)
if [ "$1" -eq 16 ]; then ok; else ko "expected 16 task reports, got $1"; fi
if [ "$2" -eq "$count" ]; then ok; else ko "rendered $2 of $count"; fi
if [ "$4" -eq 0 ]; then ok; else ko "$4 documents failed"; fi
if [ "$5" -eq "$count" ]; then ok; else ko "the reports list $5 distinct inputs, not $count"; fi
if [ "$6" -eq 0 ]; then ok; else ko "$6 inputs in more than one task"; fi
pdfs=$(find "$data/pdf" -name '*.pdf' | wc -l)
if [ "$pdfs" -eq "$count" ]; then ok; else ko "$pdfs PDFs for $count inputs"; fi
bad=0
for pdf in $(find "$data/pdf" -name '*.pdf' | head -n 20); do
    qpdf --check "$pdf" > /dev/null 2>&1 || bad=$((bad + 1))
done
if [ "$bad" -eq 0 ]; then ok; else ko "$bad PDFs fail qpdf --check"; fi
echo "slurm.sh: first submission: $count notes in 16 tasks, $(( $(date +%s) - start )) s"

# ---- 2. submitted again: everything is up to date ------------------------
rm -f "$data"/reports/*.json
if submit; then ok; else ko "second sbatch --wait failed"; cat "$tmp/sbatch.out"; fi
set -- $(summary)
if [ "$2" -eq 0 ]; then ok; else ko "the resubmission rendered $2 documents"; fi
if [ "$3" -eq "$count" ]; then ok; else ko "the resubmission skipped $3 of $count"; fi
if [ "$6" -eq 0 ]; then ok; else ko "$6 inputs in more than one task on resubmission"; fi

echo "slurm.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
