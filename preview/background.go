package preview

import (
	"context"
	"image"

	"github.com/slidereel/slidereel/project"
)

// The blurred fill behind an off-aspect photo is static: computed once per
// slide and output size (cover-crop a small copy, blur it, dim it, enlarge
// it) and copied under the photo each frame.

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

// blurBackground returns a W x H frame: src cover-cropped to the output's
// aspect, strongly blurred and dimmed.
func blurBackground(src *frame, sw, sh, W, H int) *frame {
	bw := max(4, (W+blurDivisor-1)/blurDivisor+1) &^ 1
	bh := max(4, (H+blurDivisor-1)/blurDivisor+1) &^ 1
	small := newFrame(bw, bh)
	rings := make([]ring, 1)
	var axes [2][2]axis
	cover := project.CoverRect(sw, sh, W, H)
	sampleFrame(small, src, cover, [3]background{}, 1, rings, &axes, [3]rowHook{}, image.Rect(0, 0, bw, bh))
	rad := max(1, bw/40)
	for i, p := range small.planes() {
		r := rad
		if i > 0 {
			r = max(1, rad/2)
		}
		boxBlur(p, r, 3)
	}
	for i, v := range small.y.pix {
		small.y.pix[i] = uint8(16 + (int32(v)-16)*166/256) // ~0.65
	}
	for _, p := range []plane{small.cb, small.cr} {
		for i, v := range p.pix {
			p.pix[i] = uint8(128 + (int32(v)-128)*218/256) // ~0.85
		}
	}
	out := newFrame(W, H)
	sampleFrame(out, small, project.Rect{X: 0, Y: 0, W: 1, H: 1}, [3]background{}, 1, rings, &axes, [3]rowHook{}, image.Rect(0, 0, W, H))
	return out
}

// boxBlur blurs p in place with passes of a (2r+1) box, clamping at edges.
func boxBlur(p plane, r, passes int) {
	n := max(p.w, p.h)
	buf := make([]int32, n)
	tmp := make([]uint8, n)
	for range passes {
		for y := range p.h {
			row := p.row(y)
			blurLine(row, tmp[:p.w], buf[:p.w], r)
		}
		col := make([]uint8, p.h)
		for x := range p.w {
			for y := range p.h {
				col[y] = p.pix[y*p.stride+x]
			}
			blurLine(col, tmp[:p.h], buf[:p.h], r)
			for y := range p.h {
				p.pix[y*p.stride+x] = col[y]
			}
		}
	}
}

func blurLine(line, tmp []uint8, _ []int32, r int) {
	n := len(line)
	copy(tmp, line)
	at := func(i int) int32 { return int32(tmp[min(max(i, 0), n-1)]) }
	var s int32
	for i := -r; i <= r; i++ {
		s += at(i)
	}
	d := int32(2*r + 1)
	for i := range n {
		line[i] = uint8((s + d/2) / d)
		s += at(i+r+1) - at(i-r)
	}
}
