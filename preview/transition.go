package preview

import (
	"math"

	"github.com/slidereel/slidereel/project"
)

// Transitions are pure functions of the outgoing picture a, the incoming
// picture b and the progress p in (0,1): they write rows [y0,y1) of dst
// (luma rows; chroma rows y0/2 up to (y1+1)/2) and touch nothing else.

type blendFunc func(dst, a, b *frame, p float64, y0, y1 int)

var (
	black = ycc{16, 128, 128}
	white = ycc{235, 128, 128}
)

// wipeFeather is the width of a wipe's soft edge, as a fraction of the
// frame's width (or height).
const wipeFeather = 1.0 / 64

var transitions = map[project.TransitionKind]blendFunc{
	project.Cut:          cut,
	project.Crossfade:    crossfade,
	project.FadeBlack:    fadeThrough(black),
	project.FadeWhite:    fadeThrough(white),
	project.WipeLeft:     wipe(true, true),
	project.WipeRight:    wipe(true, false),
	project.WipeUp:       wipe(false, true),
	project.WipeDown:     wipe(false, false),
	project.PushLeft:     push(true, true),
	project.PushRight:    push(true, false),
	project.PushUp:       push(false, true),
	project.PushDown:     push(false, false),
	project.ZoomDissolve: crossfade, // the incoming slide is drawn magnified
}

// transitionFunc returns the blend for kind; unknown kinds crossfade.
func transitionFunc(kind project.TransitionKind) blendFunc {
	if f, ok := transitions[kind]; ok {
		return f
	}
	return crossfade
}

// planeRows calls fn for each plane with its row range and its
// subsampling (1 luma, 2 chroma).
func planeRows(dst, a, b *frame, y0, y1 int, fn func(d, pa, pb plane, r0, r1, sub int, c int)) {
	fn(dst.y, a.y, b.y, y0, y1, 1, 0)
	c0, c1 := y0/2, min((y1+1)/2, dst.cb.h)
	fn(dst.cb, a.cb, b.cb, c0, c1, 2, 1)
	fn(dst.cr, a.cr, b.cr, c0, c1, 2, 2)
}

func alpha256(p float64) int32 { return int32(math.Round(math.Max(0, math.Min(1, p)) * 256)) }

func lerpRow(out, ra, rb []uint8, al int32) { lerp8(out, ra, rb, uint32(al)) }

func lerpConst(out, ra []uint8, c uint8, al int32) { lerpConst8(out, ra, c, uint32(al)) }

func cut(dst, a, b *frame, p float64, y0, y1 int) {
	src := a
	if p >= 0.5 {
		src = b
	}
	planeRows(dst, src, src, y0, y1, func(d, pa, _ plane, r0, r1, _, _ int) {
		for y := r0; y < r1; y++ {
			copy(d.row(y), pa.row(y))
		}
	})
}

func crossfade(dst, a, b *frame, p float64, y0, y1 int) {
	al := alpha256(p)
	planeRows(dst, a, b, y0, y1, func(d, pa, pb plane, r0, r1, _, _ int) {
		for y := r0; y < r1; y++ {
			lerpRow(d.row(y), pa.row(y), pb.row(y), al)
		}
	})
}

// fadeThrough fades a out to colour c over the first half and b in from
// it over the second.
func fadeThrough(c ycc) blendFunc {
	return func(dst, a, b *frame, p float64, y0, y1 int) {
		src, al := a, alpha256(2*p)
		if p >= 0.5 {
			src, al = b, 256-alpha256(2*p-1)
		}
		planeRows(dst, src, src, y0, y1, func(d, pa, _ plane, r0, r1, _, ci int) {
			v := [3]uint8{c.y, c.cb, c.cr}[ci]
			for y := r0; y < r1; y++ {
				lerpConst(d.row(y), pa.row(y), v, al)
			}
		})
	}
}

// wipe reveals b behind a moving soft edge. horizontal: the edge moves
// along x; toNeg: it moves left (or up), b entering from the right (or
// bottom).
func wipe(horizontal, toNeg bool) blendFunc {
	return func(dst, a, b *frame, p float64, y0, y1 int) {
		planeRows(dst, a, b, y0, y1, func(d, pa, pb plane, r0, r1, sub, _ int) {
			n := d.h * sub
			if horizontal {
				n = d.w * sub
			}
			// Edge position in luma pixels; b covers the side it enters from.
			f := wipeFeather * float64(n)
			edge := (float64(n)+f)*p - f/2
			if toNeg {
				edge = float64(n) - edge
			}
			al := func(i int) int32 { // b's weight at plane pixel i
				c := (float64(i) + 0.5) * float64(sub)
				t := (c-edge)/f + 0.5
				if !toNeg {
					t = (edge-c)/f + 0.5
				}
				return alpha256(t)
			}
			if horizontal {
				for y := r0; y < r1; y++ {
					out, ra, rb := d.row(y), pa.row(y), pb.row(y)
					for x := range out {
						w := al(x)
						va := int32(ra[x])
						out[x] = uint8(va + ((int32(rb[x])-va)*w+128)>>8)
					}
				}
				return
			}
			for y := r0; y < r1; y++ {
				lerpRow(d.row(y), pa.row(y), pb.row(y), al(y))
			}
		})
	}
}

// push slides a out and b in together. horizontal: along x; toNeg: the
// pictures move left (or up), b entering from the right (or bottom).
// Offsets are whole luma pixels rounded to even, so chroma moves exactly
// half as far.
func push(horizontal, toNeg bool) blendFunc {
	return func(dst, a, b *frame, p float64, y0, y1 int) {
		n := dst.y.h
		if horizontal {
			n = dst.y.w
		}
		off := int(math.Round(p*float64(n)/2)) * 2
		planeRows(dst, a, b, y0, y1, func(d, pa, pb plane, r0, r1, sub, _ int) {
			o := off / sub
			for y := r0; y < r1; y++ {
				out := d.row(y)
				if horizontal {
					w := d.w
					o = min(o, w)
					if toNeg { // a shifted left by o, b follows
						copy(out[:w-o], pa.row(y)[o:])
						copy(out[w-o:], pb.row(y)[:o])
					} else {
						copy(out[o:], pa.row(y)[:w-o])
						copy(out[:o], pb.row(y)[w-o:])
					}
					continue
				}
				h := d.h
				o = min(o, h)
				if toNeg { // moving up: row y shows a's row y+o
					if y+o < h {
						copy(out, pa.row(y+o))
					} else {
						copy(out, pb.row(y+o-h))
					}
				} else {
					if y-o >= 0 {
						copy(out, pa.row(y-o))
					} else {
						copy(out, pb.row(y-o+h))
					}
				}
			}
		})
	}
}
