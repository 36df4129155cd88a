package ui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// writeSolid writes a flat-coloured PNG.
func writeSolid(t *testing.T, path string, c color.RGBA) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 160, 90))
	for p := 0; p < len(img.Pix); p += 4 {
		img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = c.R, c.G, c.B, c.A
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

// centre returns the preview's shown frame's centre pixel, if any.
func centre(w *editorWindow) (color.RGBA, bool) {
	img, ok := w.prev.img.Image.(*image.RGBA)
	if !ok {
		return color.RGBA{}, false
	}
	b := img.Bounds()
	return img.RGBAAt(b.Dx()/2, b.Dy()/2), true
}

func reddish(c color.RGBA) bool { return c.R > 180 && c.B < 80 }
func bluish(c color.RGBA) bool  { return c.B > 180 && c.R < 80 }

// TestSliderChangesTheRealPreview drives the real renderer: shortening the
// first slide with the duration slider puts the second (blue) photo at the
// playhead.
func TestSliderChangesTheRealPreview(t *testing.T) {
	w := newTestWindow(t, realServices())
	dir := t.TempDir()
	red := writeSolid(t, filepath.Join(dir, "red.png"), color.RGBA{230, 20, 20, 255})
	blue := writeSolid(t, filepath.Join(dir, "blue.png"), color.RGBA{20, 20, 230, 255})
	dropPhotos(w, red, blue)
	w.ed.Select(0)
	w.seek(36) // 1.5 s: inside the 3 s red slide
	pump(t, "a red frame", func() bool { c, ok := centre(w); return ok && reddish(c) })

	w.insp.slide.dur.slider.SetValue(w.insp.slide.dur.slider.Min)
	if d := w.ed.Project().Resolve(0).Duration; d != 0.5 {
		t.Fatalf("duration %v after moving the slider to its minimum", d)
	}
	pump(t, "a blue frame at the same playhead", func() bool { c, ok := centre(w); return ok && bluish(c) })
}
