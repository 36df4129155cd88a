package preview

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// quietBackground is a 4:3 photo of soft grey noise: no subject.
func quietBackground(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			v := uint8(110 + 20*y/h + rng.IntN(4))
			img.SetRGBA(x, y, color.RGBA{v, v, v + 4, 255})
		}
	}
	return img
}

func saveJPEG(t testing.TB, img image.Image, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func loadTestJPEG(t testing.TB, name string) image.Image {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// facePhoto is the case: a 4:3 photo whose subject (a face)
// stands at 28% from the left and 32% from the top. It returns the photo
// and the face's centre in it.
func facePhoto(t testing.TB) (image.Image, float64, float64) {
	astro := loadTestJPEG(t, "astronaut.jpg")
	face := SubjectOf(astro)
	if face.Kind != SubjectFace {
		t.Fatalf("no face found in the astronaut photo: %v", face)
	}
	fx, fy := face.Rect.Center()
	W, H := 800, 600
	img := quietBackground(W, H)
	ox := int(0.28*float64(W) - fx*256)
	oy := int(0.32*float64(H) - fy*256)
	draw.Draw(img, image.Rect(ox, oy, ox+256, oy+256), astro, image.Point{}, draw.Src)
	return img, (float64(ox) + fx*256) / float64(W), (float64(oy) + fy*256) / float64(H)
}

func TestSubjectFace(t *testing.T) {
	img, cx, cy := facePhoto(t)
	s := SubjectOf(img)
	if s.Kind != SubjectFace {
		t.Fatalf("got %v, want a face", s)
	}
	if x, y := s.Rect.Center(); math.Abs(x-cx) > 0.03 || math.Abs(y-cy) > 0.04 {
		t.Errorf("face at %.3f,%.3f, want %.3f,%.3f", x, y, cx, cy)
	}
}

// blobPhoto has no face but one clearly salient thing: a saturated,
// textured, skin-toned disc at (0.28, 0.32) on a quiet background.
func blobPhoto() image.Image {
	W, H := 800, 600
	img := quietBackground(W, H)
	rng := rand.New(rand.NewPCG(9, 9))
	cx, cy, r := 0.28*float64(W), 0.32*float64(H), 70.0
	for y := range H {
		for x := range W {
			if dx, dy := float64(x)-cx, float64(y)-cy; dx*dx+dy*dy < r*r {
				v := uint8(rng.IntN(60))
				img.SetRGBA(x, y, color.RGBA{200 + v/2, 120 + v, 80 + v/2, 255})
			}
		}
	}
	return img
}

func TestSubjectSalientWithoutFace(t *testing.T) {
	s := SubjectOf(blobPhoto())
	if s.Kind != SubjectSalient {
		t.Fatalf("got %v, want a salient region", s)
	}
	if x, y := s.Rect.Center(); math.Abs(x-0.28) > 0.08 || math.Abs(y-0.32) > 0.08 {
		t.Errorf("subject at %.3f,%.3f, want near 0.28,0.32 (%v)", x, y, s)
	}
}

func TestSubjectNoneOnAQuietPhoto(t *testing.T) {
	if s := SubjectOf(quietBackground(800, 600)); s.Found() {
		t.Errorf("found %v in a photo of grey noise", s)
	}
}

// TestSubjectCache: one detection per content, shared by paths with the
// same bytes; a changed file is detected again; the cache is bounded.
func TestSubjectCache(t *testing.T) {
	c := newSubjectCache(2)
	a := saveJPEG(t, blobPhoto(), "a.jpg")
	data, _ := os.ReadFile(a)
	b := filepath.Join(t.TempDir(), "b.jpg")
	if err := os.WriteFile(b, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sa, err := c.get(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := c.get(ctx, b)
	if err != nil || sb != sa || c.runs != 1 {
		t.Fatalf("same content: %v %v, %d runs", sb, err, c.runs)
	}
	q := saveJPEG(t, quietBackground(400, 300), "q.jpg")
	if err := os.Rename(q, a); err != nil {
		t.Fatal(err)
	}
	sa2, err := c.get(ctx, a)
	if err != nil || sa2.Found() || c.runs != 2 {
		t.Errorf("changed file: %v %v, %d runs", sa2, err, c.runs)
	}
	if c.byStat.Len() > 2 || c.byHash.Len() > 2 {
		t.Errorf("cache holds %d+%d entries, bound 2", c.byStat.Len(), c.byHash.Len())
	}
	if _, err := c.get(ctx, filepath.Join(t.TempDir(), "missing.jpg")); err == nil {
		t.Error("missing photo: no error")
	}
}

// TestRendererSubjectMotion: the export (WaitSubjects) draws the subject
// motion at once; the editor's renderer draws the centre motion first,
// reports the detection, then draws the same frames as the export.
func TestRendererSubjectMotion(t *testing.T) {
	img, _, _ := facePhoto(t)
	path := saveJPEG(t, img, "face.jpg")
	p := project.New()
	p.Output = project.Output{Width: 160, Height: 90, FPS: 24}
	p.Defaults.Direction = project.DirSubject
	p.Defaults.Zoom = 1.6
	p.AddImages(path)
	subjects = newSubjectCache(MaxSubjects)
	ctx := context.Background()
	last := p.Timeline(project.MediaDurations{}).Frames - 1

	done := make(chan string, 1)
	ed := New(p, nil, Options{OnSubject: func(path string) { done <- path }})
	defer ed.Close()
	first := image.NewRGBA(image.Rect(0, 0, 160, 90))
	if err := ed.RenderRGBA(ctx, last, first); err != nil {
		t.Fatal(err)
	}
	if got := <-done; got != path {
		t.Fatalf("OnSubject(%q)", got)
	}
	after := image.NewRGBA(first.Rect)
	if err := ed.RenderRGBA(ctx, last, after); err != nil {
		t.Fatal(err)
	}
	subjects = newSubjectCache(MaxSubjects) // the export detects again
	ex := New(p, nil, Options{WaitSubjects: true})
	defer ex.Close()
	// A prefetch plans the slide without waiting; the render must wait.
	ex.Prefetch(last, 160, 90)
	exp := image.NewRGBA(first.Rect)
	if err := ex.RenderRGBA(ctx, last, exp); err != nil {
		t.Fatal(err)
	}
	if string(after.Pix) != string(exp.Pix) {
		t.Error("the editor and the export draw different frames once the subject is known")
	}
	if string(first.Pix) == string(after.Pix) {
		t.Error("the subject changed nothing in the last frame")
	}
}
