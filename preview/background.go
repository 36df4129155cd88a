package preview

import (
	"context"
	"image"
	"math"

	"github.com/disintegration/imaging"

	"github.com/slidereel/slidereel/project"
)

// The blurred fill behind an off-aspect photo is static: computed once per
// slide and output size (cover-crop a small copy, blur it, dim it, enlarge
// it horizontally to the output's width) and enlarged vertically row by row
// as each frame is drawn. Kept enlarged in full it would be eight times
// larger, and every frame would copy its bars from memory.

// blurDivisor is how much smaller than the output the blur is computed.
const blurDivisor = 8

func buildBlur(k, srcKey cacheKey, path string, sw, sh int, c *cache) func(context.Context) (*frame, error) {
	return func(ctx context.Context) (*frame, error) {
		src, err := c.get(ctx, srcKey, buildSource(srcKey, path))
		if err != nil {
			return nil, err
		}
		return blurBackground(src, sw, sh, k.w, k.h), nil
	}
}

// blurBackground returns the blurred fill of a W x H output as rows: each
// plane of the small blurred copy enlarged horizontally to the output
// plane's width (W x bh for luma). blurRows.backgrounds enlarges it
// vertically; the pixels equal sampling the small copy to W x H.
func blurBackground(src *frame, sw, sh, W, H int) *frame {
	small := blurSmall(src, sw, sh, W, H)
	out := &frame{}
	dst := [3]*plane{&out.y, &out.cb, &out.cr}
	var ax axis
	for i, p := range small.planes() {
		w := W
		if i > 0 {
			w = (W + 1) / 2
		}
		ax.axisFor(w, p.w, 0, 1)
		hp := newPlane(w, p.h)
		for y := range p.h {
			hpass(hp.row(y), p.row(y), &ax, ax.lo, ax.hi)
		}
		*dst[i] = hp
	}
	return out
}

// blurSmall returns the small copy behind a W x H output: src
// cover-cropped to the output's aspect, strongly blurred and dimmed.
func blurSmall(src *frame, sw, sh, W, H int) *frame {
	bw := max(4, (W+blurDivisor-1)/blurDivisor+1) &^ 1
	bh := max(4, (H+blurDivisor-1)/blurDivisor+1) &^ 1
	small := newFrame(bw, bh)
	rings := make([]ring, 1)
	var axes [2][2]axis
	cover := project.CoverRect(sw, sh, W, H)
	sampleFrame(small, src, cover, [3]background{}, 1, rings, &axes, [3]rowHook{}, image.Rect(0, 0, bw, bh))
	// The blur is disintegration/imaging's Gaussian on the small copy in
	// RGB: it runs once per slide on a few thousand pixels, so the round
	// trip through RGB costs nothing next to the photo's decode.
	rgba := image.NewRGBA(image.Rect(0, 0, bw, bh))
	toRGBA(small, rgba, 0, bh)
	blurred := imaging.Blur(rgba, blurSigma(bw))
	rgbTo420(small, bw, bh, rowFetcher(blurred, 0, 0, 0))
	for i, v := range small.y.pix {
		small.y.pix[i] = uint8(16 + (int32(v)-16)*166/256) // ~0.65
	}
	for _, p := range []plane{small.cb, small.cr} {
		for i, v := range p.pix {
			p.pix[i] = uint8(128 + (int32(v)-128)*218/256) // ~0.85
		}
	}
	return small
}

// blurRows is a blurred fill (blurBackground) with the vertical taps of the
// output it was made for, one axis per plane kind (luma, chroma).
type blurRows struct {
	f  *frame
	ay [2]axis
}

func newBlurRows(f *frame, W, H int) *blurRows {
	b := &blurRows{f: f}
	b.ay[0].axisFor(H, f.y.h, 0, 1)
	b.ay[1].axisFor((H+1)/2, f.cb.h, 0, 1)
	return b
}

// backgrounds returns the fill of each plane.
func (b *blurRows) backgrounds() [3]background {
	return [3]background{{rows: &b.f.y, ay: &b.ay[0]}, {rows: &b.f.cb, ay: &b.ay[1]}, {rows: &b.f.cr, ay: &b.ay[1]}}
}

// blurSigma is the Gaussian's standard deviation for a blur bw pixels
// wide: about the spread of three passes of a box of radius bw/40.
func blurSigma(bw int) float64 {
	r := float64(max(1, bw/40))
	return math.Sqrt(r * (r + 1))
}
