package export

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"

	"github.com/slidereel/slidereel/project"
)

// writePhoto writes a w x h test photo (a gradient with a block whose
// place depends on seed) as JPEG or PNG by the path's extension.
func writePhoto(t *testing.T, path string, w, h, seed int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8(seed * 60), 255}
			if x/8 == seed && y/8 == seed {
				c = color.RGBA{255, 255, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(path, ".png") {
		err = png.Encode(f, img)
	} else {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// writeWAV writes a 16-bit stereo WAV of a 330 Hz tone lasting seconds.
func writeWAV(t *testing.T, path string, rate int, seconds float64) {
	testmedia.WAV{Rate: rate, Seconds: seconds, Hz: 330}.Write(t, path)
}

// tinyProject makes a 3-photo project with a 2 s sound in a new temporary
// folder, dir, laid out to the sound's length (the old service's
// behaviour).
func tinyProject(t *testing.T) (dir string, p *project.Project) {
	t.Helper()
	dir = t.TempDir()
	var imgs []string
	for i, name := range []string{"a.jpg", "b.png", "c.jpg"} {
		path := filepath.Join(dir, name)
		writePhoto(t, path, 64, 48, i+1)
		imgs = append(imgs, path)
	}
	audio := filepath.Join(dir, "tone.wav")
	writeWAV(t, audio, 44100, 2.0)
	fps, w := 24, []int{160, 90}
	p = project.ServiceRequest{AudioPath: &audio, ImagePaths: imgs, FPS: &fps, Resolution: w}.Project()
	if probs := p.Validate(); len(probs) > 0 {
		t.Fatalf("test project invalid: %v", probs)
	}
	return dir, p
}

func TestExportTinyProject(t *testing.T) {
	needFFmpeg(t)
	dir, p := tinyProject(t)
	outDir := filepath.Join(dir, "out")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(outDir, "tiny.mp4")
	s := DefaultSettings(p, out)
	s.X264Preset = "ultrafast"
	var last Progress
	if err := Export(context.Background(), p, s, func(pr Progress) { last = pr }); err != nil {
		t.Fatal(err)
	}
	// fit-audio: 2.0 s of sound at 24 fps is exactly 48 frames and
	// 96000 samples at 48 kHz.
	checkVideo(t, out, 160, 90, 24, 48, 96000)
	if last.Frame != 48 || last.Total != 48 {
		t.Errorf("last progress %+v", last)
	}
	checkFiles(t, outDir, 1)
}

func TestExportOtherSizeAndRate(t *testing.T) {
	needFFmpeg(t)
	dir, p := tinyProject(t)
	p.Timing = project.TimingFixed
	p.Defaults.Duration = 0.5
	p.Defaults.Transition.Duration = 0.2
	out := filepath.Join(dir, "vertical.mp4")
	s := DefaultSettings(p, out)
	s.Width, s.Height, s.FPS = 90, 160, 30
	s.X264Preset = "ultrafast"
	if err := Export(context.Background(), p, s, nil); err != nil {
		t.Fatal(err)
	}
	c := p.Clone()
	c.Output.Width, c.Output.Height, c.Output.FPS = 90, 160, 30
	tl := c.Timeline(project.MediaDurations{Music: 2})
	checkVideo(t, out, 90, 160, 30, tl.Frames, tl.Samples(SampleRate))
	if p.Output.Width != 160 || p.Output.FPS != 24 {
		t.Errorf("Export changed the caller's project: %+v", p.Output)
	}
}

func TestExportMissingImageNamed(t *testing.T) {
	dir, p := tinyProject(t)
	gone := p.Slides[1].Image.Path
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	fakeFFmpeg(t, "echo started >> "+filepath.Join(dir, "ffmpeg-ran")+"\nexit 1\n")
	out := filepath.Join(dir, "x.mp4")
	err := Export(context.Background(), p, DefaultSettings(p, out), nil)
	var me *MediaError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want *MediaError", err)
	}
	if !strings.Contains(err.Error(), gone) || !strings.Contains(err.Error(), "slides[1].image") {
		t.Errorf("error %q does not name %s", err, gone)
	}
	if _, err := os.Stat(filepath.Join(dir, "ffmpeg-ran")); err == nil {
		t.Errorf("ffmpeg was started despite the missing image")
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("output written")
	}
}

func TestExportBrokenImageNamed(t *testing.T) {
	dir, p := tinyProject(t)
	broken := p.Slides[2].Image.Path
	// A JPEG start-of-image marker followed by garbage.
	if err := os.WriteFile(broken, []byte("\xff\xd8\xff\xe0 this is not a JPEG"), 0o644); err != nil {
		t.Fatal(err)
	}
	fakeFFmpeg(t, "echo started >> "+filepath.Join(dir, "ffmpeg-ran")+"\nexit 1\n")
	err := Export(context.Background(), p, DefaultSettings(p, filepath.Join(dir, "x.mp4")), nil)
	var me *MediaError
	if !errors.As(err, &me) || len(me.Broken) != 1 {
		t.Fatalf("err = %v, want *MediaError with one broken image", err)
	}
	if !strings.Contains(err.Error(), broken) {
		t.Errorf("error %q does not name %s", err, broken)
	}
	if _, err := os.Stat(filepath.Join(dir, "ffmpeg-ran")); err == nil {
		t.Errorf("ffmpeg was started despite the broken image")
	}
}

func TestExportMissingMusicNamed(t *testing.T) {
	dir, p := tinyProject(t)
	gone := p.Soundtrack.Music[0].Path
	os.Remove(gone)
	err := Export(context.Background(), p, DefaultSettings(p, filepath.Join(dir, "x.mp4")), nil)
	t.Logf("error: %v", err)
	if err == nil || !strings.Contains(err.Error(), gone) {
		t.Fatalf("err = %v, want it to name %s", err, gone)
	}
}

func TestExportCancelLeavesNothing(t *testing.T) {
	needFFmpeg(t)
	dir, p := tinyProject(t)
	p.Timing = project.TimingFixed
	p.Defaults.Duration = 60 // 3 minutes of video: far more than is reached
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := DefaultSettings(p, filepath.Join(outDir, "cancel.mp4"))
	s.X264Preset = "ultrafast"
	err := Export(ctx, p, s, func(pr Progress) {
		if pr.Frame >= 20 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	checkFiles(t, outDir, 0)
}

// A truncated photo (header intact, pixels cut short) is named: strict
// mode refuses it and writes nothing; otherwise Warn is told and the
// readable part is rendered.
func TestExportTruncatedImageNamed(t *testing.T) {
	needFFmpeg(t)
	dir, p := tinyProject(t)
	path := p.Slides[2].Image.Path
	writePhoto(t, path, 400, 300, 3)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	s := DefaultSettings(p, filepath.Join(outDir, "x.mp4"))
	s.X264Preset = "ultrafast"
	s.Strict = true
	err = Export(context.Background(), p, s, nil)
	var de *DamagedError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), filepath.Base(path)+" is damaged") {
		t.Fatalf("strict: err = %v, want a DamagedError naming %s", err, path)
	}
	checkFiles(t, outDir, 0)
	s.Strict = false
	var warns []string
	s.Warn = func(m string) { warns = append(warns, m) }
	if err := Export(context.Background(), p, s, nil); err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0], filepath.Base(path)+" is damaged: the file is cut short") {
		t.Errorf("warnings %q, want one naming %s", warns, path)
	}
	checkFiles(t, outDir, 1)
}

func TestExportRefusesToOverwriteInput(t *testing.T) {
	_, p := tinyProject(t)
	for _, out := range []string{p.Slides[0].Image.Path, p.Soundtrack.Music[0].Path} {
		before, _ := os.ReadFile(out)
		err := Export(context.Background(), p, DefaultSettings(p, out), nil)
		if err == nil || !strings.Contains(err.Error(), "own media") {
			t.Errorf("output %s: err = %v, want a refusal", out, err)
		}
		if after, _ := os.ReadFile(out); string(after) != string(before) {
			t.Errorf("%s changed", out)
		}
	}
}
