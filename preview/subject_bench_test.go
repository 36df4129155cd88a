package preview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slidereel/slidereel/project"
)

// BenchmarkDetectSubject: one photo's detection (cache off), face and no face.
func BenchmarkDetectSubject(b *testing.B) {
	face, _, _ := facePhoto(b)
	for _, c := range []struct {
		name string
		path string
	}{{"face", saveJPEG(b, face, "f.jpg")}, {"salient", saveJPEG(b, blobPhoto(), "b.jpg")}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := detectSubject(context.Background(), c.path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFirstFrameSubject: opening a 200-photo project (the benchmark
// corpus's 4000x3000 JPEGs from $CORPUS/photos, default /tmp/corpus, made
// by make_corpus.sh; else two generated noise JPEGs, a worst case) with
// direction "subject" in the editor's renderer (Draft, 960x540): the time
// until the first frame is drawn with the subject cache empty, so
// detection starts in the background for the slides in view, against the
// reference, detection off: every photo already known to have no subject,
// which draws the very same frame (the centred motion). Both are measured
// alternately in the same run; ratio = detection / no detection.
func BenchmarkFirstFrameSubject(b *testing.B) {
	src := corpusPhotos()
	if len(src) == 0 {
		src = benchPhotos(b)
	}
	b.Logf("%d distinct photos, e.g. %s", len(src), src[0])
	dir := b.TempDir()
	var paths []string
	for i := range 200 {
		p := filepath.Join(dir, fmt.Sprintf("p%03d.jpg", i))
		if err := os.Link(src[i%len(src)], p); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
	}
	first := func(detect bool) time.Duration {
		subjects = newSubjectCache(MaxSubjects)
		if !detect {
			for _, p := range paths {
				k, err := statOf(p)
				if err != nil {
					b.Fatal(err)
				}
				subjects.byStat.Add(k, Subject{Kind: SubjectNone}, 1)
			}
		}
		p := testProject(1920, 1080, paths...)
		p.Defaults.Direction = project.DirSubject
		start := time.Now()
		r := New(p, p.Timeline(project.MediaDurations{}), Options{Quality: Draft})
		if err := r.Render(context.Background(), 0, newYCbCr(960, 540)); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		_ = r.Close() // waits for the background detection and prefetch
		return d
	}
	old := subjects
	b.Cleanup(func() { subjects = old })
	var off, on time.Duration
	for b.Loop() {
		off += first(false)
		on += first(true)
	}
	b.ReportMetric(float64(off.Microseconds())/1000/float64(b.N), "ms/first-frame-known")
	b.ReportMetric(float64(on.Microseconds())/1000/float64(b.N), "ms/first-frame-detecting")
	b.ReportMetric(float64(on)/float64(off), "ratio")
}

// corpusPhotos lists the benchmark corpus's JPEGs, if it has been made.
func corpusPhotos() []string {
	dir := os.Getenv("CORPUS")
	if dir == "" {
		dir = "/tmp/corpus"
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "photos", "*.jpg"))
	return paths
}
