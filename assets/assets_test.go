package assets

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/project"
)

func TestDemoOpensAsAProjectWithAllMedia(t *testing.T) {
	dir := t.TempDir()
	path, err := Demo(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := project.Load(path)
	if err != nil {
		t.Fatalf("demo project does not load: %v", err)
	}
	if len(p.Slides) < 5 {
		t.Fatalf("demo has %d slides, want a real slideshow", len(p.Slides))
	}
	if len(p.Soundtrack.Music) != 1 {
		t.Fatalf("demo has %d music files, want 1", len(p.Soundtrack.Music))
	}
	if m := p.MissingMedia(); len(m) != 0 {
		t.Fatalf("demo refers to missing media: %v", m)
	}
	portrait := false
	for _, s := range p.Slides {
		if filepath.Dir(s.Image.Path) != dir {
			t.Errorf("slide image %s is not inside the demo folder", s.Image.Path)
		}
		if filepath.Base(s.Image.Path) == "04-aurora.jpg" {
			portrait = true
		}
	}
	if !portrait {
		t.Error("demo lost its portrait photo (it shows the vertical pan)")
	}
}

func TestDemoRepairsChangedFiles(t *testing.T) {
	dir := t.TempDir()
	path, err := Demo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Demo(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := project.Load(path); err != nil {
		t.Fatalf("demo not repaired: %v", err)
	}
}

func TestIconIsASquarePNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != b.Dy() || b.Dx() < 128 {
		t.Fatalf("icon is %v, want a square of at least 128 px", b)
	}
}
