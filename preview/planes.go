package preview

import (
	"fmt"
	"image"
	"strconv"
)

// plane is one 8-bit image plane; rows are stride bytes apart.
type plane struct {
	pix    []uint8
	w, h   int
	stride int
}

func newPlane(w, h int) plane {
	if w < 0 {
		w = 0
	}
	if h < 0 {
		h = 0
	}
	return plane{pix: make([]uint8, w*h), w: w, h: h, stride: w}
}

func (p plane) row(y int) []uint8 { return p.pix[y*p.stride : y*p.stride+p.w] }

// frame is a BT.709 limited-range YCbCr picture with 4:2:0 chroma:
// Cb and Cr are (w+1)/2 x (h+1)/2, each chroma sample centred on its 2x2
// block of luma samples.
type frame struct {
	y, cb, cr plane
}

func newFrame(w, h int) *frame {
	cw, ch := (w+1)/2, (h+1)/2
	return &frame{y: newPlane(w, h), cb: newPlane(cw, ch), cr: newPlane(cw, ch)}
}

func (f *frame) bytes() int64 { return int64(len(f.y.pix) + len(f.cb.pix) + len(f.cr.pix)) }

// planes returns the three planes in order Y, Cb, Cr.
func (f *frame) planes() [3]plane { return [3]plane{f.y, f.cb, f.cr} }

// frameOf wraps dst's buffers without copying. dst must be 4:2:0.
func frameOf(dst *image.YCbCr) (*frame, error) {
	if dst.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return nil, fmt.Errorf("preview: destination must be 4:2:0, got %v", dst.SubsampleRatio)
	}
	b := dst.Rect
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("preview: empty destination %v", b)
	}
	if b.Min.X%2 != 0 || b.Min.Y%2 != 0 {
		return nil, fmt.Errorf("preview: destination origin %v must be even", b.Min)
	}
	cw, ch := (w+1)/2, (h+1)/2
	yo := dst.YOffset(b.Min.X, b.Min.Y)
	co := dst.COffset(b.Min.X, b.Min.Y)
	f := &frame{
		y:  plane{pix: dst.Y[yo:], w: w, h: h, stride: dst.YStride},
		cb: plane{pix: dst.Cb[co:], w: cw, h: ch, stride: dst.CStride},
		cr: plane{pix: dst.Cr[co:], w: cw, h: ch, stride: dst.CStride},
	}
	if need := (h-1)*dst.YStride + w; len(f.y.pix) < need || dst.YStride < w {
		return nil, fmt.Errorf("preview: destination luma buffer too small")
	}
	if need := (ch-1)*dst.CStride + cw; len(f.cb.pix) < need || len(f.cr.pix) < need || dst.CStride < cw {
		return nil, fmt.Errorf("preview: destination chroma buffer too small")
	}
	return f, nil
}

// ycc is a colour in BT.709 limited range.
type ycc struct{ y, cb, cr uint8 }

// BT.709 RGB -> limited-range YCbCr, 16-bit fixed point coefficients.
// Y  = 16  + ( 0.2126 R + 0.7152 G + 0.0722 B) * 219/255
// Cb = 128 + (-0.1146 R - 0.3854 G + 0.5    B) * 224/255
// Cr = 128 + ( 0.5    R - 0.4542 G - 0.0458 B) * 224/255
const (
	kYR  = 11966 // round(0.2126*219/255*65536)
	kYG  = 40254 // 0.7152
	kYB  = 4064  // 0.0722
	kCbR = -6595 // -0.114572*224/255 (rounded so the row sums to 0)
	kCbG = -22189
	kCbB = 28784 // 0.5*224/255
	kCrR = 28784
	kCrG = -26145
	kCrB = -2639
)

// rgbToYCC converts 8-bit gamma-encoded RGB to BT.709 limited range.
func rgbToYCC(r, g, b int32) (y, cb, cr int32) {
	y = (kYR*r + kYG*g + kYB*b + 16<<16 + 1<<15) >> 16
	cb = (kCbR*r + kCbG*g + kCbB*b + 128<<16 + 1<<15) >> 16
	cr = (kCrR*r + kCrG*g + kCrB*b + 128<<16 + 1<<15) >> 16
	return y, cb, cr
}

func rgbColor(r, g, b uint8) ycc {
	y, cb, cr := rgbToYCC(int32(r), int32(g), int32(b))
	return ycc{clamp8(y), clamp8(cb), clamp8(cr)}
}

func clamp8(v int32) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// parseHex parses "#rrggbb"; anything else yields def.
func parseHex(s string, def [3]uint8) [3]uint8 {
	if len(s) != 7 || s[0] != '#' {
		return def
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return def
	}
	return [3]uint8{uint8(v >> 16), uint8(v >> 8), uint8(v)}
}

// Inverse BT.709 limited -> RGB, 16-bit fixed point, via tables.
var (
	tabY  [256]int32 // 1.164383*(Y-16)
	tabRV [256]int32 // 1.792741*(Cr-128)
	tabGU [256]int32 // -0.213249*(Cb-128)
	tabGV [256]int32 // -0.532909*(Cr-128)
	tabBU [256]int32 // 2.112402*(Cb-128)
)

func init() {
	for i := range 256 {
		f := float64(i)
		tabY[i] = int32((f - 16) * 1.164383 * 65536)
		tabRV[i] = int32((f - 128) * 1.792741 * 65536)
		tabGU[i] = int32((f - 128) * -0.213249 * 65536)
		tabGV[i] = int32((f - 128) * -0.532909 * 65536)
		tabBU[i] = int32((f - 128) * 2.112402 * 65536)
	}
}

func clampRGB(v int32) uint8 {
	v = (v + 1<<15) >> 16
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// toRGBA converts rows [y0,y1) of f into dst (same size or larger than
// dst's rect, which starts at f's origin). Chroma is upsampled by nearest
// 2x2 replication, matching its centred siting well enough for a screen.
func toRGBA(f *frame, dst *image.RGBA, y0, y1 int) {
	b := dst.Rect
	w := min(b.Dx(), f.y.w)
	for y := y0; y < y1; y++ {
		yr := f.y.row(y)
		cbr := f.cb.row(y / 2)
		crr := f.cr.row(y / 2)
		o := dst.PixOffset(b.Min.X, b.Min.Y+y)
		out := dst.Pix[o : o+4*w : o+4*w]
		for x := range w {
			yy := tabY[yr[x]]
			u, v := cbr[x/2], crr[x/2]
			p := out[4*x : 4*x+4 : 4*x+4]
			p[0] = clampRGB(yy + tabRV[v])
			p[1] = clampRGB(yy + tabGU[u] + tabGV[v])
			p[2] = clampRGB(yy + tabBU[u])
			p[3] = 255
		}
	}
}
