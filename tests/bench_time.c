/*
 * bench_time.c - times a command for `make bench` (tests/bench.sh).
 *
 *   bench_time RUNS WARMUPS COMMAND [ARG...]
 *
 * Runs COMMAND WARMUPS times untimed, then RUNS times, each time as a
 * whole process (start-up included), its standard output and error sent
 * to /dev/null. Prints one line: the median wall seconds, the median CPU
 * seconds (user + system, children included) and the largest peak
 * resident set in KiB, e.g. "0.0153 0.0149 9876". Exits 1 when a run
 * fails, naming its status on standard error.
 *
 * It measures; it judges nothing: the goals are in tests/bench.sh.
 */
#define _DEFAULT_SOURCE         /* wait4() */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: bench_time RUNS WARMUPS COMMAND [ARG...]\n", stderr);
        return 2;
    }
    int runs = atoi(argv[1]), warmups = atoi(argv[2]);
    if (runs < 1 || runs > MAX_RUNS || warmups < 0) {
        fputs("bench_time: RUNS from 1 to 100, WARMUPS from 0\n", stderr);
        return 2;
    }
    sample s;
    for (int i = 0; i < warmups; i++)
        if (run_once(argv + 3, &s) != 0)
            return 1;
    double wall[MAX_RUNS], cpu[MAX_RUNS];
    long rss = 0;
    for (int i = 0; i < runs; i++) {
        if (run_once(argv + 3, &s) != 0)
            return 1;
        wall[i] = s.wall;
        cpu[i] = s.cpu;
        rss = s.rss_kib > rss ? s.rss_kib : rss;
    }
    printf("%.4f %.4f %ld\n", median(wall, runs), median(cpu, runs), rss);
    return 0;
}
