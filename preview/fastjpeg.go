package preview

import (
	"bytes"
	"context"
	"image/color"
	"image/jpeg"
	"os"

	"github.com/slidereel/slidereel/preview/internal/jpegturbo"
)

// Colour JPEGs, the usual photo, are decoded by libjpeg(-turbo) when the
// binary has cgo: its SIMD decoder is several times faster than
// image/jpeg, and it scales in the DCT, so a 12 MP photo meant for a 1080p
// slide is decoded straight at 3/8 or 1/2 of its size (~40 ms instead of
// ~230 ms for image/jpeg; BenchmarkPrepareSource). The planes then take
// the same resize, JFIF to BT.709 conversion and EXIF orientation as the
// Go path. Anything this path does not take (grey or CMYK JPEGs, damaged
// or truncated files, builds without cgo) goes through decodeFile, which
// also gives the errors.

// fastJPEG returns the prepared frame of the JPEG at path at the displayed
// size ow x oh, or ok=false if the fast path does not apply.
func fastJPEG(ctx context.Context, path string, ow, oh int) (f *frame, ok bool) {
	if !jpegturbo.Available || ow <= 0 || oh <= 0 {
		return nil, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.ColorModel != color.YCbCrModel || checkSize(cfg.Width, cfg.Height) != nil ||
		truncated("jpeg", data) {
		return nil, false
	}
	if ctx.Err() != nil {
		return nil, false
	}
	orient := readOrientation(data)
	pw, ph := ow, oh // the stored (unrotated) size to scale to
	if orient >= 5 {
		pw, ph = oh, ow
	}
	num := jpegScale(cfg.Width, cfg.Height, pw, ph)
	y, cb, cr, err := jpegturbo.Decode(data, cfg.Width, cfg.Height, num)
	if err != nil {
		return nil, false
	}
	sw, sh := jpegturbo.ScaledSize(cfg.Width, num), jpegturbo.ScaledSize(cfg.Height, num)
	pl := func(b []byte) plane { return plane{pix: b, w: sw, h: sh, stride: sw} }
	d := &decoded{w: sw, h: sh, y: pl(y), cb: pl(cb), cr: pl(cr), jfif: true, orient: orient}
	return prepare(d, ow, oh), true
}

// jpegScale returns the smallest num (1..8) for which a w x h JPEG decoded
// at num/8 is at least pw x ph, so the resize after it only shrinks.
func jpegScale(w, h, pw, ph int) int {
	for num := 1; num < 8; num++ {
		if jpegturbo.ScaledSize(w, num) >= pw && jpegturbo.ScaledSize(h, num) >= ph {
			return num
		}
	}
	return 8
}
