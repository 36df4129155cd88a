package preview

import "sync/atomic"

// The sampler's two hottest loops, the bilinear horizontal pass (hpass2)
// and the 8-bit blend (lerp8, the vertical pass and every crossfade), have
// vector forms on CPUs that offer them (simd_amd64.s: AVX2). They give
// exactly the bytes of the portable Go loops, which stay the reference and
// the fallback; TestSIMDMatchesScalar holds them to that.
//
// The vector hpass2 works on blocks of 8 output pixels. Enlarging (the
// 2-tap case) moves at most one source pixel per output pixel, so the 16
// source bytes from a block's first tap hold all the taps of its 8 pixels:
// one 16-byte load, one byte shuffle that spreads the pairs into 16-bit
// lanes, and one multiply-add with the pair's weights (4096-w, w) per block.
// The shuffle and the weights depend only on the axis, so they are built
// once per frame (hblocks) and reused for every row.

// simd switches the vector loops on where the CPU has them; tests and
// benchmarks turn it off to compare against the portable loops (atomic:
// a renderer's background goroutines may still be drawing meanwhile).
var simd atomic.Bool

func init() { simd.Store(haveSIMD) }

// setSIMD turns the vector loops on (where the CPU has them) or off and
// returns the previous setting.
func setSIMD(on bool) (was bool) { return simd.Swap(on && haveSIMD) }

// hblocks is the per-frame table of the vector hpass2: for block b (output
// pixels 8b..8b+7), base[b] is the first source index and tab[64b:64b+64]
// holds the 32-byte shuffle and the 8 weight pairs.
type hblocks struct {
	base []int32
	tab  []uint8
	// n is how many leading blocks may run vectorised: their taps fit the
	// 16 loaded bytes and the load stays inside a row of srcLen bytes.
	n      int
	srcLen int
}

const (
	hblockPx    = 8
	hblockBytes = 64
)

// build fills the table for the 2-tap axis a of srcLen source pixels.
func (hb *hblocks) build(a *axis, srcLen int) {
	hb.n = 0
	hb.srcLen = srcLen
	nb := a.n / hblockPx
	if !simd.Load() || a.taps != 2 || nb == 0 {
		return
	}
	if cap(hb.base) < nb {
		hb.base = make([]int32, nb)
		hb.tab = make([]uint8, nb*hblockBytes)
	}
	hb.base = hb.base[:nb]
	hb.tab = hb.tab[:nb*hblockBytes]
	for b := range nb {
		i0 := b * hblockPx
		base := a.start[i0]
		if int(base)+16 > srcLen {
			break // starts only grow: so do all later blocks
		}
		t := hb.tab[b*hblockBytes : (b+1)*hblockBytes : (b+1)*hblockBytes]
		ok := true
		for j := range hblockPx {
			off := a.start[i0+j] - base
			if off < 0 || off > 14 {
				ok = false
				break
			}
			// Pixel j is 32-bit lane j: bytes 4j..4j+3 of the shuffle
			// pick [src[off], 0, src[off+1], 0] from its 128-bit half.
			s := t[4*j : 4*j+4 : 4*j+4]
			s[0], s[1], s[2], s[3] = uint8(off), 0x80, uint8(off+1), 0x80
			w1 := uint32(a.w[2*(i0+j)+1])
			w0 := 1<<wBits - w1
			wt := t[32+4*j : 32+4*j+4 : 32+4*j+4]
			wt[0], wt[1], wt[2], wt[3] = uint8(w0), uint8(w0>>8), uint8(w1), uint8(w1>>8)
		}
		if !ok {
			break
		}
		hb.base[b] = base
		hb.n = b + 1
	}
}

// hpass2Fast is hpass2 over output pixels [lo,hi) of the axis, vectorised
// where the table allows.
func hpass2Fast(dst, src []uint8, a *axis, lo, hi int) {
	hb := &a.hb
	if hb.n > 0 && len(src) >= hb.srcLen {
		b0 := (lo + hblockPx - 1) / hblockPx
		b1 := min(hi/hblockPx, hb.n)
		if groups := (b1 - b0) / hpass2Group; groups > 0 {
			x0 := b0 * hblockPx
			x1 := x0 + groups*hpass2Group*hblockPx
			hpass2(dst[lo:x0], src, a.pk[lo:x0], a.maxStart)
			hpass2Blocks(dst[x0:x1], src, hb.base[b0:], hb.tab[b0*hblockBytes:], groups)
			hpass2(dst[x1:hi], src, a.pk[x1:hi], a.maxStart)
			return
		}
	}
	hpass2(dst[lo:hi], src, a.pk[lo:hi], a.maxStart)
}
