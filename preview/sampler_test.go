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
