/*
 * shard.c - the shard of a batch (shard.h): its K and N from the
 * option or from the variables a Slurm job array or a Kubernetes
 * indexed job sets, and the jobs that fall in it. Not done here: the
 * jobs themselves (jobs.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard.h"

/* K and N of a Slurm job array: tasks MIN, MIN+STEP, ... */
static bool slurm_shard(const cli_options *o, long *k, long *n)
{
    long id, min = 0, step = 1, count;
    if (!cli_parse_long(getenv("SLURM_ARRAY_TASK_ID"), &id))
        return false;
    cli_parse_long(getenv("SLURM_ARRAY_TASK_MIN"), &min);
    cli_parse_long(getenv("SLURM_ARRAY_TASK_STEP"), &step);
    bool counted = cli_parse_long(getenv("SLURM_ARRAY_TASK_COUNT"), &count);
    *k = (id - min) / (step > 0 ? step : 1) + 1;
    *n = o->shards ? o->shards : counted ? count : 0;
    return true;
}

static int given_shard(const char *shard, long *k, long *n)
{
    const char *slash = strchr(shard, '/');
    char head[32];
    if (!slash || (size_t)(slash - shard) >= sizeof head)
        return cli_usage_error(CLI_BATCH, "--shard takes K/N or auto, not %s", shard);
    snprintf(head, sizeof head, "%.*s", (int)(slash - shard), shard);
    if (!cli_parse_long(head, k) || !cli_parse_long(slash + 1, n)
        || *n < 1 || *k < 1 || *k > *n)
        return cli_usage_error(CLI_BATCH, "--shard takes K/N with 1 <= K <= N, "
                               "not %s", shard);
    return 0;
}

static int auto_shard(const cli_options *o, long *k, long *n)
{
    long index;
    if (!slurm_shard(o, k, n)) {
        if (!cli_parse_long(getenv("JOB_COMPLETION_INDEX"), &index))
            return cli_usage_error(CLI_BATCH, "--shard auto: neither "
                                   "SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set");
        *k = index + 1;
        *n = o->shards;
    }
    if (*n < 1)
        return cli_usage_error(CLI_BATCH, "--shard auto: the number of shards is "
                               "unknown (give --shards N)");
    if (*k < 1 || *k > *n)
        return cli_usage_error(CLI_BATCH, "--shard auto: the task index is "
                               "outside 0..N-1");
    return 0;
}

int resolve_shard(const cli_options *o, long *k, long *n)
{
    *k = *n = 1;
    if (!o->shard)
        return 0;
    if (strcmp(o->shard, "auto") == 0)
        return auto_shard(o, k, n);
    return given_shard(o->shard, k, n);
}

/* FNV-1a, 64 bits: stable across machines, runs and listing orders. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* Keeps the jobs of shard k (1-based) of n. */
void keep_shard(jobs *js, long k, long n)
{
    size_t kept = 0;
    for (size_t i = 0; i < js->n; i++) {
        job *j = &js->v[i];
        if (fnv1a(j->rel) % (uint64_t)n == (uint64_t)(k - 1))
            js->v[kept++] = *j;
        else
            free_job(j);
    }
    js->n = kept;
}
