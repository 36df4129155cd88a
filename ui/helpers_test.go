package ui

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/testmedia"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/slidereel/slidereel/project"
)

// uiQueue stands in for the Fyne main loop: background callbacks queue
// here and the test runs them on its own goroutine with pump, so the race
// detector sees the same ordering as the real app.
// It is buffered because the UI goroutine queues callbacks too
// (afterFrame); in the app they run after the next frame is drawn.
var uiQueue = make(chan func(), 256)

func init() {
	dispatch = func(f func(), wait bool) {
		done := make(chan struct{})
		g := func() { f(); close(done) }
		select {
		case uiQueue <- g:
		default: // full: a sender on the test's goroutine must not block
			go func() { uiQueue <- g }()
		}
		if wait {
			<-done
		}
	}
}

// pump runs queued UI callbacks until cond holds. The long guard only
// turns a hang into a failure; it is not a speed limit.
func pump(t *testing.T, what string, cond func() bool) {
	t.Helper()
	guard := time.After(60 * time.Second)
	for !cond() {
		select {
		case f := <-uiQueue:
			f()
		case <-guard:
			t.Fatalf("waiting for %s: gave up", what)
		}
	}
}

// drain runs the callbacks already queued or arriving within a moment.
func drain() {
	for {
		select {
		case f := <-uiQueue:
			f()
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

// fakeRenderer records what the editor asks of the renderer.
type fakeRenderer struct {
	mu      sync.Mutex
	updates int
	renders []int
	last    *project.Project
	lastTL  *project.Timeline
}

func (r *fakeRenderer) Update(p *project.Project, tl *project.Timeline) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates++
	r.last, r.lastTL = p, tl
}

func (r *fakeRenderer) RenderRGBA(ctx context.Context, frame int, dst *image.RGBA) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.renders = append(r.renders, frame)
	for i := range dst.Pix {
		dst.Pix[i] = 0x80
	}
	return nil
}

func (r *fakeRenderer) Close() error { return nil }

func (r *fakeRenderer) state() (updates, renders int, last *project.Project) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.updates, len(r.renders), r.last
}

// fakeServices draws nothing real: thumbnails are flat images, sizes come
// from the file, there is no sound.
func fakeServices(r *fakeRenderer) Services {
	return Services{
		SampleRate: 48000,
		NewRenderer: func(p *project.Project, tl *project.Timeline) Renderer {
			r.mu.Lock()
			r.last, r.lastTL = p, tl
			r.mu.Unlock()
			return r
		},
		Thumbnail: func(ctx context.Context, path string, w, h int) (image.Image, error) {
			f, err := os.Open(path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return png.Decode(f)
		},
		ImageSize: func(path string) (int, int, error) {
			f, err := os.Open(path)
			if err != nil {
				return 0, 0, err
			}
			defer f.Close()
			c, err := png.DecodeConfig(f)
			return c.Width, c.Height, err
		},
	}
}

// writePhotos makes n small PNGs in dir and returns their paths.
func writePhotos(t *testing.T, dir string, n int) []string {
	t.Helper()
	var out []string
	for i := range n {
		c := color.RGBA{uint8(40 * i), 100, 200, 255}
		path := testmedia.WritePNG(t, filepath.Join(dir, string(rune('a'+i))+".png"), testmedia.Solid(64, 48, c))
		out = append(out, path)
	}
	return out
}

// newFakeWindow builds the editor window on the test driver with the
// fake services (fakeServices with a fakeRenderer).
func newFakeWindow(t *testing.T) *editorWindow {
	return newTestWindow(t, fakeServices(&fakeRenderer{}))
}

// newTestWindow builds the editor window on the test driver.
func newTestWindow(t *testing.T, svc Services) *editorWindow {
	t.Helper()
	a := test.NewTempApp(t)
	w := newEditorWindow(a, svc)
	w.files.autosaveDir = t.TempDir()
	w.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		w.files.stopAutosave()
		w.sound.close()
		w.cancel()
		drain()
	})
	return w
}

// imagesOf lists the slides' image base names.
func imagesOf(p *project.Project) []string {
	var s []string
	for _, sl := range p.Slides {
		s = append(s, filepath.Base(sl.Image.Path))
	}
	return s
}

// fitToSong sets the show to fit its slides to a song, "song.mp3" (its
// length comes from the services or SetDurations).
func fitToSong(t *testing.T, w *editorWindow) {
	t.Helper()
	err := w.ed.Edit(func(p *project.Project) error {
		p.Timing = project.TimingFitAudio
		p.Soundtrack.Music = []project.MediaRef{{Path: "song.mp3"}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
