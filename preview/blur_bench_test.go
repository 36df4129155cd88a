package preview

import "testing"

// BenchmarkBlurBackground measures the one-time blurred fill of a 1080p
// output behind a 4:3 photo (once per slide and size, not per frame).
func BenchmarkBlurBackground(b *testing.B) {
	src := newFrame(1600, 1200)
	for i := range src.y.pix {
		src.y.pix[i] = uint8(i * 7)
	}
	b.ResetTimer()
	for range b.N {
		blurBackground(src, 4000, 3000, 1920, 1080)
	}
}
