/*
 * image.c - decodes a PNG once and deflates its planes for PDF streams.
 *
 * An opaque 8-bit grey or RGB file's image data is kept as the file has
 * it (PDF reads PNG-filtered rows); other planes are deflated by
 * np_pack, as page contents are. It does not draw or scale: the PDF back end places the
 * planes as an image XObject and its soft mask.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "image.h"
#include "pack.h"
#include "png_check.h"

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
                           const unsigned char *bytes, size_t len,
                           const np_allocator *alloc)
{
    if (take_as_is(&png->info)) {
        img->colour.predicted = true;
        return np_png_idat(bytes, len, alloc, &img->colour.data,
                           &img->colour.len);
    }
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

np_image *np_image_make(const char *path, const unsigned char *bytes,
                        size_t len, const np_allocator *alloc, char *why,
                        size_t size)
{
    np_png_image png;
    if (!np_png_decode(bytes, len, alloc, &png, why, size))
        return NULL;
    np_image *img = np_mem_alloc(alloc, sizeof *img);
    size_t path_len = strlen(path) + 1;
    if (img) {
        *img = (np_image){ .width = png.width, .height = png.height,
                           .components = png.components };
        img->path = np_mem_alloc(alloc, path_len);
    }
    bool ok = img && img->path && deflate_planes(img, &png, bytes, len, alloc);
    np_png_image_free(&png);
    if (!ok) {
        snprintf(why, size, "out of memory decoding the image");
        np_image_free(img, alloc);
        return NULL;
    }
    memcpy(img->path, path, path_len);
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
