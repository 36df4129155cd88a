package preview

import (
	"math/rand/v2"
	"testing"
)

// hpass2 reads without bounds checks: it must equal the plain weighted
// sum for every kind of axis, including ones reaching outside the source.
func TestHPass2MatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		srcLen := 2 + rng.IntN(300)
		n := 1 + rng.IntN(400)
		src := make([]uint8, srcLen)
		for i := range src {
			src[i] = uint8(rng.IntN(256))
		}
		var ax axis
		x := rng.Float64()*1.4 - 0.2
		// Enlarging (scale < 1), so the 2-tap path is used.
		ax.axisFor(n, srcLen, x, (0.01+rng.Float64()*0.98)*float64(n)/float64(srcLen))
		if ax.taps != 2 {
			t.Fatalf("trial %d: %d taps for an enlargement", trial, ax.taps)
		}
		got := make([]uint8, n)
		hpass(got, src, &ax, ax.lo, ax.hi)
		for i := ax.lo; i < ax.hi; i++ {
			s := int(ax.start[i])
			ref := (int32(src[s])*ax.w[2*i] + int32(src[s+1])*ax.w[2*i+1] + 1<<(wBits-1)) >> wBits
			if int32(got[i]) != ref {
				t.Fatalf("trial %d, pixel %d: %d, want %d", trial, i, got[i], ref)
			}
		}
	}
}

// The sampler's weights always sum to one and its taps stay inside the
// source.
func TestAxisTapsInside(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		var ax axis
		srcLen := 1 + rng.IntN(500)
		n := 1 + rng.IntN(500)
		ax.axisFor(n, srcLen, rng.Float64()*2-0.5, rng.Float64()*3+0.01)
		for i := range n {
			var sum int32
			for k := range ax.taps {
				sum += ax.w[i*ax.taps+k]
			}
			if sum != 1<<wBits {
				t.Fatalf("weights of pixel %d sum to %d", i, sum)
			}
			if s := int(ax.start[i]); s < 0 || s+ax.taps > srcLen {
				t.Fatalf("pixel %d: taps [%d,%d) outside a %d px source", i, s, s+ax.taps, srcLen)
			}
		}
	}
}

// The vector loops (simd.go) must give exactly the bytes of the portable
// ones, for every axis, clip and blend weight.
func TestSIMDMatchesScalar(t *testing.T) {
	if !haveSIMD {
		t.Skip("no vector loops on this CPU; the portable ones are all there is")
	}
	defer setSIMD(setSIMD(true))
	rng := rand.New(rand.NewPCG(5, 6))
	vectorised := 0
	for trial := range 400 {
		srcLen := 2 + rng.IntN(3000)
		n := 1 + rng.IntN(2500)
		src := make([]uint8, srcLen+rng.IntN(3)) // rows may be longer than the axis needs
		for i := range src {
			src[i] = uint8(rng.IntN(256))
		}
		x := rng.Float64()*1.4 - 0.2
		w := (0.01 + rng.Float64()*0.99) * float64(n) / float64(srcLen)
		if trial%3 == 0 {
			w = float64(n) / float64(srcLen) * (0.9 + 0.1*rng.Float64()) // Ken Burns-like
		}
		var vec, ref axis
		setSIMD(true)
		vec.axisFor(n, srcLen, x, w)
		setSIMD(false)
		ref.axisFor(n, srcLen, x, w)
		if vec.taps != 2 {
			t.Fatalf("trial %d: %d taps for an enlargement", trial, vec.taps)
		}
		if vec.hb.n > 0 {
			vectorised++
		}
		lo, hi := vec.lo, vec.hi
		if trial%2 == 1 && hi > lo {
			lo = lo + rng.IntN(hi-lo)
			hi = lo + rng.IntN(vec.hi-lo+1)
		}
		got := make([]uint8, n)
		want := make([]uint8, n)
		setSIMD(true)
		hpass(got, src[:srcLen], &vec, lo, hi)
		setSIMD(false)
		hpass(want, src[:srcLen], &ref, lo, hi)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("trial %d (n %d, src %d, clip [%d,%d)): pixel %d is %d, want %d", trial, n, srcLen, lo, hi, i, got[i], want[i])
			}
		}
	}
	if vectorised < 100 {
		t.Fatalf("only %d of 400 axes used the vector hpass2", vectorised)
	}
	for trial := range 300 {
		n := rng.IntN(200)
		a, b := make([]uint8, n), make([]uint8, n)
		for i := range a {
			a[i], b[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
		}
		al := uint32(rng.IntN(257))
		if trial < 4 {
			al = []uint32{0, 1, 255, 256}[trial]
		}
		got, want := make([]uint8, n), make([]uint8, n)
		setSIMD(true)
		lerp8(got, a, b, al)
		setSIMD(false)
		lerp8(want, a, b, al)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("lerp8 n %d al %d: byte %d is %d, want %d", n, al, i, got[i], want[i])
			}
		}
		// In place, as the crossfade's row hook uses it.
		setSIMD(true)
		lerp8(a, a, b, al)
		for i := range a {
			if a[i] != want[i] {
				t.Fatalf("in-place lerp8 n %d al %d: byte %d is %d, want %d", n, al, i, a[i], want[i])
			}
		}
	}
}
