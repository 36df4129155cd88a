package fft

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// The transform matches the plain O(n²) definition, and the inverse gives
// the input back.
func TestTransformMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 4, 8, 64} {
		in := make([]complex128, n)
		for i := range in {
			in[i] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		a := append([]complex128(nil), in...)
		Transform(a, false)
		for k := range n {
			var want complex128
			for j, v := range in {
				want += v * cmplx.Exp(complex(0, -2*math.Pi*float64(j*k)/float64(n)))
			}
			if cmplx.Abs(a[k]-want) > 1e-9*float64(n) {
				t.Fatalf("n=%d: X[%d] = %v, want %v", n, k, a[k], want)
			}
		}
		Transform(a, true)
		for i := range a {
			if cmplx.Abs(a[i]-in[i]) > 1e-12*float64(n) {
				t.Fatalf("n=%d: inverse[%d] = %v, want %v", n, i, a[i], in[i])
			}
		}
	}
}
