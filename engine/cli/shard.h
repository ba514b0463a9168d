/*
 * shard.h - which part of a batch's inputs this process renders
 * (shard.c): --shard K/N, or K and N from a job array's environment.
 */
#ifndef NP_CLI_SHARD_H
#define NP_CLI_SHARD_H

#include "jobs.h"
#include "options.h"

/* K and N (1 <= K <= N) of o->shard: "K/N", "auto" (from
 * SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or from
 * JOB_COMPLETION_INDEX and --shards N), or 1/1 when it is not given.
 * Returns 0, or 2 after a usage error. */
int resolve_shard(const cli_options *o, long *k, long *n);

/* Keeps the jobs of shard k (1-based) of n, chosen by a hash of each
 * job's relative path, so that machines listing the inputs in
 * different orders agree. */
void keep_shard(jobs *js, long k, long n);

#endif
