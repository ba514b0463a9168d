/*
 * image.c - checks a PNG once and makes its planes for PDF streams.
 *
 * An opaque 8-bit grey or RGB file's image data is kept as the file has
 * it (PDF reads PNG-filtered rows): the file is checked row by row and
 * never held decoded. Any other file is decoded, and its planes are
 * deflated by np_pack, as page contents are; it is checked twice, which
 * only such files pay, once per engine. It does not draw or scale: the
 * PDF back end places the planes as an image XObject and its soft mask.
 */
#include <stdio.h>
#include <string.h>

#include "ground/arena.h"
#include "output/image.h"
#include "output/pack.h"
#include "readers/png_check.h"

/* Each colour sample laid over white by its pixel's alpha:
 * c * a + 255 * (1 - a), with a from 0 to 1, rounded. */
static void over_white(unsigned char *colour, const unsigned char *alpha,
                       size_t pixels, unsigned comps)
{
    for (size_t p = 0; p < pixels; p++)
        for (unsigned c = 0; c < comps; c++) {
            unsigned v = colour[p * comps + c], a = alpha[p];
            colour[p * comps + c] = (unsigned char)((v * a + 255 * (255 - a)
                                                     + 127) / 255);
        }
}

static bool deflate_plane(const unsigned char *samples, size_t len,
                          const np_allocator *alloc, np_zplane *out)
{
    out->data = np_mem_alloc(alloc, np_pack_bound(len));
    return out->data && np_pack(samples, len, out->data, &out->len);
}

/* An opaque, non-interlaced 8-bit grey or RGB file already holds its
 * samples as PDF can read them: no need to deflate them again. */
static bool take_as_is(const np_png_info *info)
{
    return info->bit_depth == 8 && !info->interlaced && !info->alpha
        && (info->color_type == 0 || info->color_type == 2);
}

static bool deflate_planes(np_image *img, np_png_image *png,
                           const np_allocator *alloc)
{
    size_t pixels = (size_t)png->width * png->height;
    size_t samples = pixels * png->components;
    if (!deflate_plane(png->pixels, samples, alloc, &img->colour))
        return false;
    if (!png->alpha)
        return true;
    if (!deflate_plane(png->alpha, pixels, alloc, &img->alpha))
        return false;
    over_white(png->pixels, png->alpha, pixels, png->components);
    return deflate_plane(png->pixels, samples, alloc, &img->flat);
}

static np_image *new_image(const char *path, unsigned width,
                           unsigned height, unsigned components,
                           const np_allocator *alloc)
{
    np_image *img = np_mem_alloc(alloc, sizeof *img);
    size_t path_len = strlen(path) + 1;
    if (!img)
        return NULL;
    *img = (np_image){ .width = width, .height = height,
                       .components = components };
    img->path = np_mem_alloc(alloc, path_len);
    if (img->path)
        memcpy(img->path, path, path_len);
    return img;
}

/* An image whose file data goes into the PDF as it is: checked row by
 * row (np_png_check keeps one row), never held decoded. */
static np_image *as_is(const char *path, const np_png_info *info,
                       const unsigned char *bytes, size_t len,
                       const np_allocator *alloc)
{
    np_image *img = new_image(path, info->width, info->height,
                              info->color_type == 2 ? 3 : 1, alloc);
    if (!img || !img->path)
        return img;
    img->colour.predicted = true;
    if (!np_png_idat(bytes, len, alloc, &img->colour.data, &img->colour.len))
        img->colour.data = NULL;
    return img;
}

static np_image *decoded(const char *path, const unsigned char *bytes,
                         size_t len, const np_allocator *alloc, char *why,
                         size_t size, bool *refused)
{
    np_png_image png;
    if (!np_png_decode(bytes, len, alloc, &png, why, size)) {
        *refused = true;
        return NULL;
    }
    np_image *img = new_image(path, png.width, png.height, png.components,
                              alloc);
    if (img && img->path && !deflate_planes(img, &png, alloc)) {
        np_image_free(img, alloc);
        img = NULL;
    }
    np_png_image_free(&png);
    return img;
}

np_image *np_image_make(const char *path, const unsigned char *bytes,
                        size_t len, const np_allocator *alloc, char *why,
                        size_t size)
{
    np_png_info info;
    if (!np_png_check(bytes, len, &info, why, size))
        return NULL;
    bool refused = false;
    np_image *img = take_as_is(&info)
                    ? as_is(path, &info, bytes, len, alloc)
                    : decoded(path, bytes, len, alloc, why, size, &refused);
    if (refused)
        return NULL;
    bool ok = img && img->path && img->colour.data;
    if (!ok) {
        snprintf(why, size, "out of memory decoding the image");
        np_image_free(img, alloc);
        return NULL;
    }
    return img;
}

void np_image_free(np_image *img, const np_allocator *alloc)
{
    if (!img)
        return;
    np_mem_free(alloc, img->path);
    np_mem_free(alloc, img->colour.data);
    np_mem_free(alloc, img->alpha.data);
    np_mem_free(alloc, img->flat.data);
    np_mem_free(alloc, img);
}
