/*
 * figures.c - the PNG files the figures of a description show, found
 * and checked before layout.
 *
 * An <img src> names a file relative to the description, in its
 * directory or below it: an absolute name, a ".." step, or a symbolic
 * link that leads out of that directory is refused, so that a
 * description cannot show any file of the machine. The file is bounded
 * (NP_MAX_FIGURE_FILE bytes), decoded by the engine's checked decoder
 * (readers/png_check.c, through the engine's image cache) and bounded
 * again as decoded samples (NP_MAX_FIGURE_SAMPLES); each refusal is
 * given at the <img> element. A description read from memory has no
 * directory, and so no figures.
 *
 * Not done here: drawing them (typesetting/figure.c sets them in the
 * flow, the back ends draw the planes).
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/figures.h"
#include "ground/limit.h"
#include "ground/path.h"
#include "output/image.h"
#include "readers/png_check.h"

/* A name that stays below the directory it is read from. */
static bool plain_relative(const char *src)
{
    if (!src[0] || src[0] == '/')
        return false;
    for (const char *p = src; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return false;
        p += n + (p[n] == '/');
    }
    return true;
}

/* The directory of the description `file`, in out[0..size). */
static bool description_dir(const char *file, char *out, size_t size)
{
    const char *slash = strrchr(file, '/');
    size_t n = slash ? (size_t)(slash - file) : 1;
    if (n >= size)
        return false;
    memcpy(out, slash ? file : ".", n);
    out[n] = '\0';
    if (slash && n == 0)
        strcpy(out, "/");
    return true;
}

/* The real path of `path` when it lies in `dir` or below (malloc'd). */
static char *inside(const char *dir, const char *path, int *err)
{
    char *real = realpath(path, NULL), *top = real ? realpath(dir, NULL) : NULL;
    *err = errno;
    size_t n = top ? strlen(top) : 0;
    if (real && top && (strncmp(real, top, n) != 0 || real[n] != '/')) {
        free(real);
        real = NULL;
        *err = 0;
    }
    free(top);
    return real;
}

static bool too_big(np_figures *f, const np_node *img, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && (unsigned long long)st.st_size > NP_MAX_FIGURE_FILE) {
        np_report(f->diags, f->file, img->pos, NP_MSG_FIGURE_FILE, img->src,
                  (unsigned long long)st.st_size, (unsigned long long)NP_MAX_FIGURE_FILE);
        return true;
    }
    return false;
}

static bool too_many_samples(np_figures *f, const np_node *img, const np_image *im)
{
    unsigned long long samples = (unsigned long long)im->width * im->height
                                 * (im->components + (im->alpha.len > 0));
    if (samples <= NP_MAX_FIGURE_SAMPLES)
        return false;
    np_report(f->diags, f->file, img->pos, NP_MSG_FIGURE_SAMPLES, img->src,
              im->width, im->height, samples,
              (unsigned long long)NP_MAX_FIGURE_SAMPLES);
    return true;
}

/* Finds, checks and decodes the file of one <img>. */
static int load_one(np_figures *f, np_node *img, const char *dir)
{
    char path[NP_PATH_MAX];
    if (!plain_relative(img->src)) {
        np_report(f->diags, f->file, img->pos, NP_MSG_FIGURE_PATH, img->src);
        return 1;
    }
    if (np_path_join(path, sizeof path, dir, strlen(dir), img->src) < 0) {
        np_report(f->diags, f->file, img->pos, NP_MSG_IMAGE, img->src,
                  "the path is too long");
        return 1;
    }
    int err;
    char *real = inside(dir, path, &err);
    if (!real) {
        if (err)
            np_report(f->diags, f->file, img->pos, NP_MSG_IMAGE, img->src, strerror(err));
        else
            np_report(f->diags, f->file, img->pos, NP_MSG_FIGURE_OUTSIDE, img->src, dir);
        return 1;
    }
    const np_image *im = too_big(f, img, real) ? NULL
        : np_engine_image(f->engine, f->diags, real, img->src, f->file, img->pos);
    free(real);
    if (!im || too_many_samples(f, img, im))
        return 1;
    img->image = im;
    img->pixels_w = im->width;
    img->pixels_h = im->height;
    if (f->dep)
        f->dep(f->dep_ud, path);
    return 0;
}

/* Every <img> of the tree under `n`, depth first without recursion. */
static int load_under(np_figures *f, np_node *top, const char *dir)
{
    int refused = 0;
    np_node *n = top->first;
    while (n && n != top) {
        if (n->kind == NP_K_IMG)
            refused |= load_one(f, n, dir);
        if (n->first) {
            n = n->first;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        if (n != top)
            n = n->next;
    }
    return refused;
}

int np_figures_load(np_figures *f, np_doc *doc)
{
    if (doc->figure_count == 0)
        return 0;
    char dir[NP_PATH_MAX];
    if (!f->from_file || !description_dir(f->file, dir, sizeof dir)) {
        np_report(f->diags, f->file, (np_pos){ 0, 0 }, NP_MSG_FIGURE_NO_DIR);
        return 1;
    }
    if (!np_png_available()) {
        np_report(f->diags, f->file, (np_pos){ 0, 0 }, NP_MSG_FIGURE_NO_PNG);
        return 1;
    }
    int refused = load_under(f, doc->body, dir);
    for (np_node *a = doc->annexes; a; a = a->next)
        refused |= load_under(f, a, dir);
    return refused;
}
