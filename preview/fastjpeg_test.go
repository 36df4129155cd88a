package preview

import (
	"context"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
)

// The ffmpeg path for large JPEGs gives the same picture as the Go path
// (up to the two scalers' small differences), orientation included.
func TestFastJPEGMatchesGo(t *testing.T) {
	requireFFmpeg(t)
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
		t.Fatal("the ffmpeg path did not apply to a 4.3 MP JPEG")
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
			t.Errorf("plane %d: mean difference %.2f between the ffmpeg and Go paths", i, mean)
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
