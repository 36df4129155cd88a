package export

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"
	"github.com/slidereel/slidereel/project"
)

// soundKeyOf lays p out for s and returns its sound's cache key.
func soundKeyOf(t *testing.T, p *project.Project, s Settings) string {
	t.Helper()
	pr, err := prepare(context.Background(), p, s)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.close()
	k, err := soundKey(pr)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// The cached sound's key follows every input of the mix and its encoding,
// and stays when only a photo's pixels change (the one-photo re-export
// then copies the sound instead of mixing and encoding an hour of it).
func TestSoundKeyChangesExactly(t *testing.T) {
	dir, base, _, s := segSetup(t, 3, "out.mp4")
	want := soundKeyOf(t, base, s)
	if again := soundKeyOf(t, base, s); again != want {
		t.Fatal("the sound key is not deterministic")
	}
	writePhoto(t, base.Slides[1].Image.Path, 64, 48, 9)
	if got := soundKeyOf(t, base, s); got != want {
		t.Error("a photo's pixels changed the sound key")
	}
	two := 2.0
	for _, c := range []struct {
		name   string
		change func(p *project.Project, s *Settings)
	}{
		{"music gain", func(p *project.Project, _ *Settings) { p.Soundtrack.MusicGainDB = -6 }},
		{"loudness normalisation", func(p *project.Project, _ *Settings) { p.Soundtrack.Normalize = !p.Soundtrack.Normalize }},
		{"fade out", func(p *project.Project, _ *Settings) { p.Soundtrack.FadeOut = 1.5 }},
		{"a slide's duration", func(p *project.Project, _ *Settings) { p.Slides[0].Duration = &two }},
		{"music file content", func(p *project.Project, _ *Settings) {
			testmedia.WAV{Rate: 44100, Seconds: 3, Hz: 550}.Write(t, p.Soundtrack.Music[0].Path)
		}},
		{"another music file", func(p *project.Project, _ *Settings) {
			other := filepath.Join(dir, "other.wav")
			testmedia.WAV{Rate: 44100, Seconds: 3, Hz: 330}.Write(t, other)
			p.Soundtrack.Music[0].Path = other
		}},
		{"a narration clip", func(p *project.Project, _ *Settings) {
			clip := filepath.Join(dir, "say.wav")
			testmedia.WAV{Rate: 44100, Seconds: 1, Hz: 660}.Write(t, clip)
			p.Slides[1].Narration = &project.MediaRef{Path: clip}
		}},
		{"AAC bitrate", func(_ *project.Project, s *Settings) { s.AudioBitrate = "160k" }},
		{"ffmpeg version", func(*project.Project, *Settings) { ffmpegVersion = func() string { return "9.9-other" } }},
	} {
		t.Run(c.name, func(t *testing.T) {
			old := ffmpegVersion
			defer func() { ffmpegVersion = old }()
			_, p, _, s := segSetup(t, 3, "out.mp4")
			before := soundKeyOf(t, p, s)
			c.change(p, &s)
			if after := soundKeyOf(t, p, s); after == before {
				t.Errorf("changing the %s kept the sound key", c.name)
			}
		})
	}
}
