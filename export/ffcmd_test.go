package export

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// TestGoldenArgv pins ffmpeg's command line for every encoder. One argument
// per line; the output path is fixed so the file is machine-independent.
func TestGoldenArgv(t *testing.T) {
	var b strings.Builder
	for _, enc := range Encoders {
		for _, audio := range []bool{true, false} {
			a := encodeArgs{
				Output: "/OUT/.my video.slidereel-tmp-123.mp4", Format: "mp4", Faststart: true,
				Width: 1920, Height: 1080, FPS: 30, Encoder: enc, CRF: 20, X264Preset: "veryfast",
				Audio: audio, AudioBitrate: "192k",
			}
			args, err := encodeArgv(a)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("# " + enc)
			if !audio {
				b.WriteString(" (no audio)")
			}
			b.WriteString("\nffmpeg\n" + strings.Join(args, "\n") + "\n\n")
		}
	}
	for _, enc := range Encoders {
		args, err := probeArgv(enc)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("# probe " + enc + "\nffmpeg\n" + strings.Join(args, "\n") + "\n\n")
	}
	for _, a := range []assembleArgs{
		{List: "/CACHE/.run.ffconcat", Output: "/OUT/.v.slidereel-tmp-1.mp4", Format: "mp4", Faststart: true, AudioFile: "/CACHE/sound-1.mp4"},
		{List: "/CACHE/.run.ffconcat", Output: "/OUT/.v.slidereel-tmp-1.mkv", Format: "matroska", Audio: true, AudioBitrate: "192k"},
	} {
		args, err := assembleArgv(a)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("# assembly " + a.Format + "\nffmpeg\n" + strings.Join(args, "\n") + "\n\n")
	}
	args, err := soundArgv("/CACHE/.sound-1.mp4", "192k")
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("# sound\nffmpeg\n" + strings.Join(args, "\n") + "\n\n")
	got := b.String()
	want := testmedia.Golden(t, filepath.Join("testdata", "golden_argv.txt"), []byte(got), *update)
	if got != string(want) {
		t.Errorf("ffmpeg argv changed; if intended, run go test ./export -run TestGoldenArgv -update and review the diff.\ngot:\n%s", got)
	}
}

// TestArgvSafety checks properties the golden file could hide: the output
// is the last argument, absolute, behind "file:", and nothing the user
// typed appears as a separate argument that starts with '-'.
func TestArgvSafety(t *testing.T) {
	for _, name := range oddPaths {
		out := "/tmp/x/." + name + ".slidereel-tmp-1.mp4"
		args, err := encodeArgv(encodeArgs{Output: out, Format: "mp4", Width: 16, Height: 16, FPS: 24, Encoder: EncoderX264, CRF: 20, X264Preset: "veryfast", Audio: true, AudioBitrate: "192k"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range args {
			if strings.Contains(a, name) {
				n++
				if a != "file:"+out {
					t.Errorf("user path in argument %q", a)
				}
			}
		}
		if n != 1 {
			t.Errorf("%q appears %d times in %q", name, n, args)
		}
		// The output must be a positional argument: after an option's
		// value, not right after an option that would take it as a value.
		if i := indexOf(args, "file:"+out); i < 2 || strings.HasPrefix(args[i-1], "-") || !strings.HasPrefix(args[i-2], "-") {
			t.Errorf("output is not positional in %q", args)
		}
	}
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

func TestBuildRecoversPanics(t *testing.T) {
	_, err := build("test", func() []string { panic("library bug") })
	if err == nil || !strings.Contains(err.Error(), "library bug") {
		t.Fatalf("err = %v", err)
	}
}

func TestProgressWriter(t *testing.T) {
	var w progressWriter
	w.Write([]byte("frame=1\nfps=0.0\nprogress=continue\nfra"))
	w.Write([]byte("me= 48\nbitrate=1k\nprogress=end\n"))
	f, end := w.state()
	if f != 48 || !end {
		t.Errorf("state = %d, %v; want 48, true", f, end)
	}
}
