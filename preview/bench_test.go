package preview

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/slidereel/slidereel/project"
)

var (
	benchOnce  sync.Once
	benchPaths []string
)

// benchPhotos writes two 4000x3000 JPEGs once per test binary.
func benchPhotos(b *testing.B) []string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "slidereel-bench")
		if err != nil {
			b.Fatal(err)
		}
		for i := range 2 {
			img := image.NewNRGBA(image.Rect(0, 0, 4000, 3000))
			rng := rand.New(rand.NewPCG(uint64(i), 3))
			for y := range 3000 {
				for x := range 4000 {
					n := uint8(rng.IntN(32))
					img.SetNRGBA(x, y, color.NRGBA{uint8(x/16) + n, uint8(y/12) + n, uint8((x+y)/28) + n, 255})
				}
			}
			benchPaths = append(benchPaths, writeJPEG(b, filepath.Join(dir, fmt.Sprintf("b%d.jpg", i)), img, 90))
		}
	})
	return benchPaths
}

// benchRender renders frame of a two-photo 1920x1080 project into a w x h
// buffer and reports ms/frame.
func benchRender(b *testing.B, q Quality, workers, frame, w, h int) {
	benchRenderKind(b, q, workers, frame, w, h, project.Crossfade)
}

func benchRenderKind(b *testing.B, q Quality, workers, frame, w, h int, kind project.TransitionKind) {
	paths := benchPhotos(b)
	p := testProject(1920, 1080, paths...)
	p.Defaults.Duration = 3
	p.Defaults.Transition.Kind = kind
	tl := p.Timeline(project.MediaDurations{})
	r := New(p, tl, Options{Quality: q, Workers: workers})
	defer r.Close()
	dst := newYCbCr(w, h)
	timeRenders(b, r, frame, func(ctx context.Context, n int) error { return r.Render(ctx, n, dst) })
}

// timeRenders renders frame once (warming the caches) and lets the prefetch
// of the next slide finish, then times b.N renders alternating frame and
// frame+1 and reports ms/frame.
func timeRenders(b *testing.B, r *Renderer, frame int, render func(ctx context.Context, frame int) error) {
	ctx := context.Background()
	if err := render(ctx, frame); err != nil {
		b.Fatal(err)
	}
	r.wg.Wait()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for i := range b.N {
		if err := render(ctx, frame+i%2); err != nil {
			b.Fatal(err)
		}
	}
	reportFrame(b, start, cpu0, "frame")
}

// reportFrame reports wall ms and process CPU ms per iteration.
func reportFrame(b *testing.B, start time.Time, cpu0 time.Duration, unit string) {
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/"+unit)
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/"+unit)
}

// cpuTime is the user+system CPU time of the process and its finished
// children (ffmpeg).
func cpuTime() time.Duration {
	var t time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err == nil {
			t += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return t
}

// Frames of the benchmark project (3 s slides, 0.5 s crossfade, 24 fps):
// 30 is mid-motion of slide 0, 66 is inside the crossfade.
const (
	benchPlain = 30
	benchTrans = 66
)

func BenchmarkFinal1080p(b *testing.B) {
	b.Run("workers=all", func(b *testing.B) { benchRender(b, Final, 0, benchPlain, 1920, 1080) })
	b.Run("workers=1", func(b *testing.B) { benchRender(b, Final, 1, benchPlain, 1920, 1080) })
	b.Run("workers=1/portable", func(b *testing.B) { portable(b); benchRender(b, Final, 1, benchPlain, 1920, 1080) })
}

func BenchmarkFinal1080pTransition(b *testing.B) {
	b.Run("workers=all", func(b *testing.B) { benchRender(b, Final, 0, benchTrans, 1920, 1080) })
	b.Run("workers=1", func(b *testing.B) { benchRender(b, Final, 1, benchTrans, 1920, 1080) })
	b.Run("workers=1/portable", func(b *testing.B) { portable(b); benchRender(b, Final, 1, benchTrans, 1920, 1080) })
}

// portable turns the vector loops (simd.go) off for one benchmark, the
// reference their speed-up is read against.
func portable(b *testing.B) {
	old := setSIMD(false)
	b.Cleanup(func() { setSIMD(old) })
}

// BenchmarkFinal1080pTransitionKinds: the other transitions, one core.
func BenchmarkFinal1080pTransitionKinds(b *testing.B) {
	for _, k := range []project.TransitionKind{project.FadeBlack, project.WipeLeft, project.PushLeft, project.ZoomDissolve} {
		b.Run(string(k), func(b *testing.B) { benchRenderKind(b, Final, 1, benchTrans, 1920, 1080, k) })
	}
}

func BenchmarkDraft640(b *testing.B) {
	b.Run("workers=all", func(b *testing.B) { benchRender(b, Draft, 0, benchPlain, 640, 360) })
	b.Run("workers=1", func(b *testing.B) { benchRender(b, Draft, 1, benchPlain, 640, 360) })
}

func BenchmarkDraft640RGBA(b *testing.B) {
	paths := benchPhotos(b)
	p := testProject(1920, 1080, paths...)
	r := New(p, nil, Options{Quality: Draft})
	defer r.Close()
	dst := image.NewRGBA(image.Rect(0, 0, 640, 360))
	timeRenders(b, r, benchPlain, func(ctx context.Context, n int) error { return r.RenderRGBA(ctx, n, dst) })
}

// BenchmarkPrepareSource measures preparing a 4000x3000 JPEG for a 1080p
// slide with the default zoom (1368x1026): the renderer's path (libjpeg
// with cgo) and the pure Go one, the reference.
func BenchmarkPrepareSource(b *testing.B) {
	paths := benchPhotos(b)
	ctx := context.Background()
	k := cacheKey{w: 1368, h: 1026}
	b.Run("renderer", func(b *testing.B) {
		start, cpu0 := time.Now(), cpuTime()
		for range b.N {
			if _, err := buildSource(k, paths[0])(ctx); err != nil {
				b.Fatal(err)
			}
		}
		reportFrame(b, start, cpu0, "photo")
	})
	b.Run("go", func(b *testing.B) {
		start, cpu0 := time.Now(), cpuTime()
		for range b.N {
			d, err := decodeFile(ctx, paths[0], [3]uint8{})
			if err != nil {
				b.Fatal(err)
			}
			prepare(d, k.w, k.h)
		}
		reportFrame(b, start, cpu0, "photo")
	})
}
