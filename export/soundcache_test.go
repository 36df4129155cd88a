package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
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

// damagedSong writes an MP3 of 20 s of tone cut at 40% of its bytes into
// dir: sound reports it as damaged.
func damagedSong(t *testing.T, dir string) string {
	t.Helper()
	wav := testmedia.WAV{Rate: 44100, Seconds: 20, Hz: 440}.Write(t, filepath.Join(dir, "song.wav"))
	mp3 := filepath.Join(dir, "whole.mp3")
	if out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav, "-c:a", "libmp3lame", "-b:a", "128k", mp3).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	data, err := os.ReadFile(mp3)
	if err != nil {
		t.Fatal(err)
	}
	return testmedia.WriteFile(t, filepath.Join(dir, "song.mp3"), data[:len(data)*40/100])
}

// A re-export whose encoded sound is cached does not mix the sound again
// (with loudness normalisation, measuring the mix is most of a long
// show's re-export), yet still reports a damaged sound file, and strict
// mode still refuses it; a change of the sound mixes it again.
func TestCachedSoundSkipsMixKeepsWarnings(t *testing.T) {
	dir, p, cache, s := segSetup(t, 3, "out.mp4")
	p.Soundtrack.Music = []project.MediaRef{{Path: damagedSong(t, dir)}}
	p.Soundtrack.Normalize = true
	var warns []string
	s.Warn = func(m string) { warns = append(warns, m) }
	export := func(s Settings) error {
		warns = nil
		return ExportSegments(context.Background(), p, s, SegmentOptions{Cache: cache}, nil)
	}
	mixes, encodes := soundMixes.Load(), soundEncodes.Load()
	if err := export(s); err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0], "song.mp3 is damaged") {
		t.Fatalf("first export: warnings %q, want song.mp3 is damaged", warns)
	}
	if m := soundMixes.Load() - mixes; m != 1 {
		t.Fatalf("the first export mixed the sound %d times, want 1", m)
	}
	first := warns

	writePhoto(t, p.Slides[1].Image.Path, 64, 48, 9)
	if err := export(s); err != nil {
		t.Fatal(err)
	}
	if m, e := soundMixes.Load()-mixes, soundEncodes.Load()-encodes; m != 1 || e != 1 {
		t.Errorf("after a photo changed: %d mixes, %d sound encodes in all, want 1 and 1 (the sound is cached)", m, e)
	}
	if !reflect.DeepEqual(warns, first) {
		t.Errorf("re-export with the sound cached: warnings %q, want %q", warns, first)
	}
	before, _ := os.ReadFile(s.Output)
	strict := s
	strict.Strict = true
	var de *DamagedError
	if err := export(strict); !errors.As(err, &de) {
		t.Errorf("strict re-export: err = %v, want a DamagedError", err)
	}
	if after, _ := os.ReadFile(s.Output); !bytes.Equal(after, before) {
		t.Error("the refused strict export changed the output")
	}

	p.Soundtrack.MusicGainDB = -3
	if err := export(s); err != nil {
		t.Fatal(err)
	}
	if m, e := soundMixes.Load()-mixes, soundEncodes.Load()-encodes; m != 2 || e != 2 {
		t.Errorf("after the music gain changed: %d mixes, %d sound encodes in all, want 2 and 2", m, e)
	}
}
