package export

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"image"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"
)

// needFFmpeg is the shared helper: skip without ffmpeg/ffprobe, fail under CI=true.
var needFFmpeg = testmedia.NeedFFmpeg

// barSource draws a grey frame with a white bar that moves one step per
// frame, so every frame differs.
func barSource(ctx context.Context, n int, dst *image.YCbCr) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	for y := range h {
		row := dst.Y[y*dst.YStride:][:w]
		for x := range row {
			row[x] = 60
		}
		x0 := (n * 4) % w
		for x := x0; x < x0+8 && x < w; x++ {
			row[x] = 235
		}
	}
	for y := 0; y < (h+1)/2; y++ {
		for x := 0; x < (w+1)/2; x++ {
			dst.Cb[y*dst.CStride+x] = 128
			dst.Cr[y*dst.CStride+x] = 128
		}
	}
	return nil
}

// sinePCM returns a PCM source of n stereo samples of a 440 Hz tone.
func sinePCM(n int) PCMSource {
	return func(ctx context.Context, w io.Writer) error {
		buf := make([]byte, 0, 4096*4)
		for i := range n {
			v := int16(8000 * math.Sin(2*math.Pi*440*float64(i)/SampleRate))
			buf = binary.LittleEndian.AppendUint16(buf, uint16(v))
			buf = binary.LittleEndian.AppendUint16(buf, uint16(v))
			if len(buf) == cap(buf) || i == n-1 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		return nil
	}
}

// tinySettings are small, fast settings writing to out.
func tinySettings(out string) Settings {
	return Settings{Output: out, Width: 160, Height: 90, FPS: 24, CRF: 30, X264Preset: "ultrafast", Encoder: EncoderX264, AudioBitrate: "96k"}
}

// probe is what ffprobe says about a file.
type probe struct {
	Streams []struct {
		CodecType      string `json:"codec_type"`
		CodecName      string `json:"codec_name"`
		PixFmt         string `json:"pix_fmt"`
		Width          int    `json:"width"`
		Height         int    `json:"height"`
		ColorRange     string `json:"color_range"`
		ColorSpace     string `json:"color_space"`
		ColorTransfer  string `json:"color_transfer"`
		ColorPrimaries string `json:"color_primaries"`
		NbFrames       string `json:"nb_frames"`
		Duration       string `json:"duration"`
		DurationTS     int64  `json:"duration_ts"`
		TimeBase       string `json:"time_base"`
		SampleRate     string `json:"sample_rate"`
		Channels       int    `json:"channels"`
		RFrameRate     string `json:"r_frame_rate"`
	} `json:"streams"`
	Format struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
	} `json:"format"`
}

func ffprobe(t *testing.T, path string) probe {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", "file:"+path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var p probe
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("ffprobe json: %v", err)
	}
	return p
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number %q", s)
	}
	return f
}

// decodedSamples counts the audio sample frames ffmpeg decodes from path.
func decodedSamples(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", "file:"+path, "-map", "0:a", "-f", "s16le", "-ac", "2", "-").Output()
	if err != nil {
		t.Fatalf("decode audio of %s: %v", path, err)
	}
	return len(out) / 4
}

// countFrames counts the video frames ffprobe decodes from path.
func countFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "default=nw=1:nk=1", "file:"+path).Output()
	if err != nil {
		t.Fatalf("count frames of %s: %v", path, err)
	}
	n, err := strconv.Atoi(string(trimSpace(out)))
	if err != nil {
		t.Fatalf("nb_read_frames %q: %v", out, err)
	}
	return n
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

// newOutput skips t without ffmpeg (see needFFmpeg) and returns a new
// temporary folder and the path of an output file name in it.
func newOutput(t *testing.T, name string) (dir, out string) {
	t.Helper()
	needFFmpeg(t)
	dir = t.TempDir()
	return dir, filepath.Join(dir, name)
}

// existingOutput writes content to name in a new temporary folder, as the
// file an export is about to replace, with mode perm.
func existingOutput(t *testing.T, name, content string, perm os.FileMode) (dir, out string) {
	t.Helper()
	dir, out = newOutput(t, name)
	if err := os.WriteFile(out, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	return dir, out
}

// checkUntouched fails t unless out still holds content and is alone in
// its folder (a failed export left no temporary file behind).
func checkUntouched(t *testing.T, out, content string) {
	t.Helper()
	if got, _ := os.ReadFile(out); string(got) != content {
		t.Errorf("existing file %s changed by a failed export", out)
	}
	checkFiles(t, filepath.Dir(out), 1)
}

// checkFiles fails t unless dir holds exactly n files: what an export
// leaves (its video, or nothing when it failed; never a temporary file).
func checkFiles(t *testing.T, dir string, n int) {
	t.Helper()
	if names := listDir(t, dir); len(names) != n {
		t.Errorf("%s holds %v, want %d file(s)", dir, names, n)
	}
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// fakeFFmpeg installs a shell script as the ffmpeg export runs.
func fakeFFmpeg(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "ffmpeg")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envFFmpeg, path)
}
