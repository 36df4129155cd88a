//go:build cgo

// Package jpegturbo decodes colour JPEGs with libjpeg(-turbo), scaled in
// the DCT, into planar JFIF YCbCr. It is the renderer's fast path for
// photos (see preview's fastjpeg.go); without cgo it reports itself
// unavailable.
package jpegturbo

/*
#cgo LDFLAGS: -ljpeg
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

struct sr_err {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void sr_error_exit(j_common_ptr c) {
	struct sr_err *e = (struct sr_err *)c->err;
	(*c->err->format_message)(c, e->msg);
	longjmp(e->jb, 1);
}

static void sr_output_message(j_common_ptr c) { (void)c; }

// sr_decode decodes the JPEG in data at scale num/8 into three w x h planes
// (Y, Cb, Cr: JFIF, chroma upsampled to full size). It returns 0, or -1
// with the library's message in msg, -2 if the size is not w x h, or -3 if
// the data was damaged (libjpeg then warns and fills in grey).
static int sr_decode(const unsigned char *data, unsigned long n, int num,
                     unsigned char *py, unsigned char *pcb, unsigned char *pcr,
                     int w, int h, char *msg) {
	struct jpeg_decompress_struct c;
	struct sr_err e;
	volatile JSAMPARRAY row = NULL;
	memset(&c, 0, sizeof c);
	c.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = sr_error_exit;
	e.pub.output_message = sr_output_message;
	e.msg[0] = 0;
	if (setjmp(e.jb)) {
		strncpy(msg, e.msg, JMSG_LENGTH_MAX - 1);
		jpeg_destroy_decompress(&c);
		return -1;
	}
	jpeg_create_decompress(&c);
	jpeg_mem_src(&c, data, n);
	jpeg_read_header(&c, TRUE);
	c.scale_num = num;
	c.scale_denom = 8;
	c.out_color_space = JCS_YCbCr;
	c.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&c);
	if ((int)c.output_width != w || (int)c.output_height != h || c.output_components != 3) {
		jpeg_destroy_decompress(&c);
		return -2;
	}
	row = (*c.mem->alloc_sarray)((j_common_ptr)&c, JPOOL_IMAGE, (JDIMENSION)w * 3, 1);
	while (c.output_scanline < c.output_height) {
		long y = c.output_scanline;
		jpeg_read_scanlines(&c, row, 1);
		const unsigned char *s = row[0];
		unsigned char *oy = py + y * w, *ob = pcb + y * w, *oc = pcr + y * w;
		for (int x = 0; x < w; x++) {
			oy[x] = s[3 * x];
			ob[x] = s[3 * x + 1];
			oc[x] = s[3 * x + 2];
		}
	}
	jpeg_finish_decompress(&c);
	long warnings = e.pub.num_warnings;
	jpeg_destroy_decompress(&c);
	return warnings > 0 ? -3 : 0;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// Available reports whether the package can decode (it needs cgo).
const Available = true

// Decode decodes the w x h colour JPEG in data at num/8 of its size (num
// 1..8; the size is ScaledSize(w, num) x ScaledSize(h, num)) into three
// full-resolution JFIF planes Y, Cb, Cr, each sw*sh bytes with stride sw.
// Damaged or truncated data is an error, not a grey-filled picture.
func Decode(data []byte, w, h, num int) (y, cb, cr []byte, err error) {
	if num < 1 || num > 8 || len(data) == 0 || w <= 0 || h <= 0 {
		return nil, nil, nil, fmt.Errorf("jpegturbo: bad arguments (%dx%d at %d/8)", w, h, num)
	}
	sw, sh := ScaledSize(w, num), ScaledSize(h, num)
	y, cb, cr = make([]byte, sw*sh), make([]byte, sw*sh), make([]byte, sw*sh)
	msg := make([]byte, C.JMSG_LENGTH_MAX)
	rc := C.sr_decode((*C.uchar)(unsafe.Pointer(unsafe.SliceData(data))), C.ulong(len(data)), C.int(num),
		(*C.uchar)(unsafe.Pointer(unsafe.SliceData(y))), (*C.uchar)(unsafe.Pointer(unsafe.SliceData(cb))),
		(*C.uchar)(unsafe.Pointer(unsafe.SliceData(cr))), C.int(sw), C.int(sh), (*C.char)(unsafe.Pointer(unsafe.SliceData(msg))))
	switch rc {
	case 0:
		return y, cb, cr, nil
	case -2:
		return nil, nil, nil, fmt.Errorf("jpegturbo: the picture is not %dx%d at %d/8", sw, sh, num)
	case -3:
		return nil, nil, nil, errors.New("jpegturbo: corrupt data")
	default:
		n := 0
		for n < len(msg) && msg[n] != 0 {
			n++
		}
		if n == 0 {
			return nil, nil, nil, errors.New("jpegturbo: decoding failed")
		}
		return nil, nil, nil, fmt.Errorf("jpegturbo: %s", msg[:n])
	}
}
