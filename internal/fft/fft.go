// Package fft is the one radix-2 fast Fourier transform Slidereel uses:
// the beat tracker's onset spectrum (sound) and the preview's sub-pixel
// shift measurements (preview tests) call it.
//
// Contract: Transform works in place on a slice whose length is a power of
// two; the inverse is scaled by 1/n, so Transform(a, false) followed by
// Transform(a, true) gives a back (to rounding). It allocates nothing and
// imports only the standard library.
package fft

import (
	"math"
	"math/cmplx"
)

// Transform replaces a with its discrete Fourier transform (inverse: the
// inverse transform, divided by len(a)). len(a) must be a power of two.
func Transform(a []complex128, inverse bool) {
	n := len(a)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			a[i], a[j] = a[j], a[i]
		}
	}
	sign := -1.0
	if inverse {
		sign = 1
	}
	for size := 2; size <= n; size <<= 1 {
		step := cmplx.Exp(complex(0, sign*2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := range size / 2 {
				u, v := a[start+k], a[start+k+size/2]*wk
				a[start+k], a[start+k+size/2] = u+v, u-v
				wk *= step
			}
		}
	}
	if inverse {
		for i := range a {
			a[i] /= complex(float64(n), 0)
		}
	}
}
