package preview

import (
	"context"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"

	"github.com/slidereel/slidereel/project"
)

// testPhoto is a deterministic colourful picture: gradients, a grid of
// coloured discs and a frame, so geometry mistakes are visible.
func testPhoto(w, h int, seed uint64) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	type disc struct {
		x, y, r float64
		c       color.NRGBA
	}
	var discs []disc
	for range 12 {
		discs = append(discs, disc{rng.Float64() * float64(w), rng.Float64() * float64(h),
			(0.03 + 0.08*rng.Float64()) * float64(min(w, h)),
			color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}})
	}
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(255 * x / w), uint8(255 * y / h), uint8(128 + 100*math.Sin(float64(x+y)/float64(w)*6)), 255}
			for _, d := range discs {
				if dx, dy := float64(x)-d.x, float64(y)-d.y; dx*dx+dy*dy < d.r*d.r {
					c = d.c
				}
			}
			if x < w/100+1 || y < h/100+1 || x >= w-w/100-1 || y >= h-h/100-1 {
				c = color.NRGBA{255, 255, 255, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// randomBlocks is a fine random-block pattern for the smoothness tests.
func randomBlocks(w, h, block int, seed uint64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 1))
	bw, bh := (w+block-1)/block, (h+block-1)/block
	vals := make([]uint8, bw*bh)
	for i := range vals {
		vals[i] = uint8(rng.IntN(256))
	}
	for y := range h {
		for x := range w {
			img.Pix[y*img.Stride+x] = vals[(y/block)*bw+x/block]
		}
	}
	return img
}

// writePNG and writeJPEG are the shared test-media writers.
var (
	writePNG  = testmedia.WritePNG
	writeJPEG = testmedia.WriteJPEG
)

// testProject returns a project of the given photos at w x h, 24 fps,
// 2 s slides with 0.5 s crossfades.
func testProject(w, h int, paths ...string) *project.Project {
	p := project.New()
	p.Output.Width, p.Output.Height = w, h
	p.Defaults.Duration = 2
	p.AddImages(paths...)
	return p
}

func newYCbCr(w, h int) *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
}

func renderRGBA(t testing.TB, r *Renderer, frame, w, h int) *image.RGBA {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if err := r.RenderRGBA(context.Background(), frame, img); err != nil {
		t.Fatal(err)
	}
	return img
}

// photoDir writes n distinct test photos as JPEGs (w x h) and returns
// their paths.
func photoDir(t testing.TB, n, w, h int) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := range n {
		p := filepath.Join(dir, "photo"+string(rune('a'+i%26))+string(rune('a'+i/26))+".jpg")
		writeJPEG(t, p, testPhoto(w, h, uint64(i)), 90)
		paths = append(paths, p)
	}
	return paths
}
