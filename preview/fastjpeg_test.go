package preview

import (
	"context"
	"errors"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/preview/internal/jpegturbo"
)

// needJPEGTurbo skips without cgo (no libjpeg path to test); CI builds
// with cgo, so there it never skips.
func needJPEGTurbo(t *testing.T) {
	t.Helper()
	if !jpegturbo.Available {
		if os.Getenv("CI") == "true" {
			t.Fatal("built without cgo in CI: the libjpeg path is not tested")
		}
		t.Skip("built without cgo: no libjpeg path")
	}
}

// The decode scale is the smallest eighth that still covers the size.
func TestJPEGScale(t *testing.T) {
	for _, c := range []struct{ w, h, pw, ph, want int }{
		{4000, 3000, 1368, 1026, 3}, // 1500x1125
		{4000, 3000, 1500, 1125, 3},
		{4000, 3000, 1501, 1125, 4},
		{4000, 3000, 400, 300, 1},
		{4000, 3000, 4000, 3000, 8},
		{4000, 3000, 5000, 3750, 8}, // enlarging: full size
		{3000, 4000, 1824, 2432, 5},
	} {
		if got := jpegScale(c.w, c.h, c.pw, c.ph); got != c.want {
			t.Errorf("jpegScale(%dx%d to %dx%d) = %d/8, want %d/8", c.w, c.h, c.pw, c.ph, got, c.want)
		}
	}
}

// Damaged and truncated JPEGs leave the fast path (libjpeg would fill them
// in grey without a word): the Go path refuses a damaged one naming the
// file, and draws the readable part of a truncated one (PhotoDamage warns).
func TestFastJPEGRefusesDamage(t *testing.T) {
	needJPEGTurbo(t)
	dir := t.TempDir()
	data, err := os.ReadFile(writeJPEG(t, filepath.Join(dir, "ok.jpg"), testPhoto(640, 480, 1), 90))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fastJPEG(context.Background(), filepath.Join(dir, "ok.jpg"), 320, 240); !ok {
		t.Fatal("the fast path refused an intact JPEG")
	}
	cut := filepath.Join(dir, "cut.jpg")
	if err := os.WriteFile(cut, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	bad := append([]byte(nil), data...)
	for i := len(bad) / 2; i < len(bad)/2+400; i++ {
		bad[i] = 0xFF // markers in the middle of the entropy-coded data
	}
	broken := filepath.Join(dir, "broken.jpg")
	if err := os.WriteFile(broken, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	// Cut short but ended with an EOI marker: libjpeg only warns.
	early := filepath.Join(dir, "early.jpg")
	if err := os.WriteFile(early, append(data[:len(data)*2/3:len(data)*2/3], 0xFF, 0xD9), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{cut, broken, early} {
		if _, ok := fastJPEG(context.Background(), p, 320, 240); ok {
			t.Errorf("%s: the fast path decoded a damaged file", p)
		}
	}
	_, err = buildSource(cacheKey{w: 320, h: 240}, broken)(context.Background())
	var se *SourceError
	if !errors.As(err, &se) || se.Path != broken {
		t.Errorf("damaged JPEG: error %v, want a SourceError naming %s", err, broken)
	}
}

// The libjpeg path gives the same picture as the Go path (up to the DCT
// scaling's small differences), orientation included.
func TestFastJPEGMatchesGo(t *testing.T) {
	needJPEGTurbo(t)
	img := image.NewNRGBA(image.Rect(0, 0, 2400, 1800))
	for y := range 1800 {
		for x := range 2400 {
			c := color.NRGBA{uint8(x / 10), uint8(y / 8), uint8((x + y) / 20), 255}
			if (x/200+y/200)%2 == 0 {
				c.R = 255 - c.R
			}
			img.SetNRGBA(x, y, c)
		}
	}
	dir := t.TempDir()
	data, _ := os.ReadFile(writeJPEG(t, filepath.Join(dir, "big.jpg"), img, 92))
	path := filepath.Join(dir, "big6.jpg")
	if err := os.WriteFile(path, withExif(data, 6, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	const ow, oh = 450, 600 // displayed (rotated) size
	fast, ok := fastJPEG(context.Background(), path, ow, oh)
	if !ok {
		t.Fatal("the libjpeg path did not apply to a 4.3 MP JPEG")
	}
	d, err := decodeFile(context.Background(), path, [3]uint8{})
	if err != nil {
		t.Fatal(err)
	}
	slow := prepare(d, ow, oh)
	for i, pl := range fast.planes() {
		ref := slow.planes()[i]
		if pl.w != ref.w || pl.h != ref.h {
			t.Fatalf("plane %d: %dx%d, want %dx%d", i, pl.w, pl.h, ref.w, ref.h)
		}
		var sum int
		for y := range pl.h {
			a, b := pl.row(y), ref.row(y)
			for x := range a {
				d := int(a[x]) - int(b[x])
				sum += max(d, -d)
			}
		}
		if mean := float64(sum) / float64(pl.w*pl.h); mean > 2 {
			t.Errorf("plane %d: mean difference %.2f between the libjpeg and Go paths", i, mean)
		} else {
			t.Logf("plane %d: mean difference %.2f", i, mean)
		}
	}
	// Thumbnail takes the same path: oriented, the right size.
	th, err := Thumbnail(context.Background(), path, 120, 120)
	if err != nil {
		t.Fatal(err)
	}
	if b := th.Bounds(); b.Dx() != 90 || b.Dy() != 120 {
		t.Errorf("thumbnail is %v, want 90x120", b)
	}
	ref := prepare(d, 90, 120)
	for _, p := range [][2]int{{15, 15}, {45, 65}, {75, 105}} { // inside the 10 px squares
		r, g, bl, _ := th.At(p[0], p[1]).RGBA()
		if got, want := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}, rgbAt(ref, p[0], p[1]); !near(got, want, 24) {
			t.Errorf("thumbnail pixel %v = %v, want about %v", p, got, want)
		}
	}
}
