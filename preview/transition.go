package preview

import (
	"image"
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

// wipeAlphas returns b's weight (0..256) at each of n plane pixels along
// a wipe, the plane being sub-sampled by sub.
func wipeAlphas(n, sub int, p float64, toNeg bool) []int32 {
	al := make([]int32, n)
	N := float64(n * sub) // in luma pixels
	f := wipeFeather * N
	edge := (N+f)*p - f/2
	if toNeg {
		edge = N - edge
	}
	for i := range al {
		c := (float64(i) + 0.5) * float64(sub)
		t := (c-edge)/f + 0.5
		if !toNeg {
			t = (edge-c)/f + 0.5
		}
		al[i] = alpha256(t)
	}
	return al
}

// wipe reveals b behind a moving soft edge. horizontal: the edge moves
// along x; toNeg: it moves left (or up), b entering from the right (or
// bottom).
func wipe(horizontal, toNeg bool) blendFunc {
	return func(dst, a, b *frame, p float64, y0, y1 int) {
		planeRows(dst, a, b, y0, y1, func(d, pa, pb plane, r0, r1, sub, _ int) {
			n := d.h
			if horizontal {
				n = d.w
			}
			al := wipeAlphas(n, sub, p, toNeg)
			if !horizontal {
				for y := r0; y < r1; y++ {
					lerpRow(d.row(y), pa.row(y), pb.row(y), al[y])
				}
				return
			}
			// Columns all a, all b, and the soft edge between.
			lo, hi := n, 0
			for i, v := range al {
				if v != 0 && v != 256 {
					lo, hi = min(lo, i), max(hi, i+1)
				}
			}
			for y := r0; y < r1; y++ {
				out, ra, rb := d.row(y), pa.row(y), pb.row(y)
				for x := 0; x < n; {
					if x >= lo && x < hi {
						v := int32(ra[x])
						out[x] = uint8(v + ((int32(rb[x])-v)*al[x]+128)>>8)
						x++
						continue
					}
					// A run of equal weight (0 or 256) up to the soft edge
					// or the end.
					end := n
					if x < lo {
						end = lo
					}
					src := ra
					if al[x] == 256 {
						src = rb
					}
					// The run may change from a to b where there is no soft
					// edge (feather under a pixel): split at the change.
					for e := x + 1; e < end; e++ {
						if al[e] != al[x] {
							end = e
							break
						}
					}
					copy(out[x:end], src[x:end])
					x = end
				}
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

// wipeDirs and pushDirs: (horizontal, toNeg) of each kind.
var (
	wipeDirs = map[project.TransitionKind][2]bool{
		project.WipeLeft: {true, true}, project.WipeRight: {true, false},
		project.WipeUp: {false, true}, project.WipeDown: {false, false},
	}
	pushDirs = map[project.TransitionKind][2]bool{
		project.PushLeft: {true, true}, project.PushRight: {true, false},
		project.PushUp: {false, true}, project.PushDown: {false, false},
	}
)

// needs returns the parts (luma pixels, possibly empty) of a and b that
// kind's blend reads at progress p in a W x H frame, so the renderer draws
// only those.
func needs(kind project.TransitionKind, p float64, W, H int) (ra, rb image.Rectangle) {
	full := image.Rect(0, 0, W, H)
	span := func(horizontal bool, lo, hi int) image.Rectangle {
		if lo >= hi {
			return image.Rectangle{}
		}
		if horizontal {
			return image.Rect(lo, 0, hi, H)
		}
		return image.Rect(0, lo, W, hi)
	}
	if d, ok := wipeDirs[kind]; ok {
		horizontal, toNeg := d[0], d[1]
		n := H
		if horizontal {
			n = W
		}
		aLo, aHi, bLo, bHi := n, 0, n, 0
		for sub := 1; sub <= 2; sub++ {
			for i, v := range wipeAlphas((n+sub-1)/sub, sub, p, toNeg) {
				lo, hi := i*sub, min(n, (i+1)*sub)
				if v < 256 {
					aLo, aHi = min(aLo, lo), max(aHi, hi)
				}
				if v > 0 {
					bLo, bHi = min(bLo, lo), max(bHi, hi)
				}
			}
		}
		return span(horizontal, aLo, aHi), span(horizontal, bLo, bHi)
	}
	if d, ok := pushDirs[kind]; ok {
		horizontal, toNeg := d[0], d[1]
		n := H
		if horizontal {
			n = W
		}
		off := min(n, int(math.Round(p*float64(n)/2))*2)
		if toNeg { // a's [off, n) moves to [0, n-off); b's [0, off) follows
			return span(horizontal, off, n), span(horizontal, 0, off)
		}
		return span(horizontal, 0, n-off), span(horizontal, n-off, n)
	}
	return full, full
}
