// Package testmedia makes the small media files tests need (photos, WAV
// tones) and holds the one "need ffmpeg" helper, so the test files of
// every package share them instead of keeping copies. It is for tests
// only; it imports nothing of Slidereel's but internal/ffmpeg.
package testmedia

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// NeedFFmpeg skips the test when ffmpeg or ffprobe cannot be found (as
// internal/ffmpeg finds them: SLIDEREEL_FFMPEG, SLIDEREEL_FFPROBE, then
// PATH), and fails it instead when CI=true: in CI a missing ffmpeg is a
// failure, never a skip.
func NeedFFmpeg(t testing.TB) {
	t.Helper()
	for _, find := range []func() (string, error){ffmpeg.FFmpeg, ffmpeg.FFprobe} {
		if _, err := find(); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("required in CI: %v", err)
			}
			t.Skip(err)
		}
	}
}

// WAV is a tone to write as a WAV file.
type WAV struct {
	Rate     int     // samples per second (default 48000)
	Channels int     // 1 or 2 (default 2)
	Seconds  float64 // length
	Hz       float64 // the sine's frequency (default 440)
	Level    float64 // peak, 0..1 (default 0.2)
}

// Encode returns the tone as a 16-bit PCM WAV file.
func (w WAV) Encode() []byte {
	if w.Rate == 0 {
		w.Rate = 48000
	}
	if w.Channels == 0 {
		w.Channels = 2
	}
	if w.Hz == 0 {
		w.Hz = 440
	}
	if w.Level == 0 {
		w.Level = 0.2
	}
	n := int(math.Round(w.Seconds * float64(w.Rate)))
	data := make([]byte, 0, 2*w.Channels*n)
	for i := range n {
		v := uint16(int16(math.Round(32767 * w.Level * math.Sin(2*math.Pi*w.Hz*float64(i)/float64(w.Rate)))))
		for range w.Channels {
			data = binary.LittleEndian.AppendUint16(data, v)
		}
	}
	le := binary.LittleEndian
	h := []byte("RIFF")
	h = le.AppendUint32(h, uint32(36+len(data)))
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, 1) // PCM
	h = le.AppendUint16(h, uint16(w.Channels))
	h = le.AppendUint32(h, uint32(w.Rate))
	h = le.AppendUint32(h, uint32(w.Rate*2*w.Channels))
	h = le.AppendUint16(h, uint16(2*w.Channels))
	h = le.AppendUint16(h, 16)
	h = append(h, "data"...)
	h = le.AppendUint32(h, uint32(len(data)))
	return append(h, data...)
}

// Write writes the tone to path.
func (w WAV) Write(t testing.TB, path string) string {
	t.Helper()
	return WriteFile(t, path, w.Encode())
}

// Photo returns a w x h picture with smooth gradients that differ with
// seed, so photos of different seeds are told apart.
func Photo(w, h int, seed uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x*255/max(1, w-1)) + seed, uint8(y*255/max(1, h-1)) ^ seed, seed * 3, 255})
		}
	}
	return img
}

// WriteJPEG writes img to path as a JPEG of quality q.
func WriteJPEG(t testing.TB, path string, img image.Image, q int) string {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return WriteFile(t, path, b.Bytes())
}

// WritePNG writes img to path as a PNG.
func WritePNG(t testing.TB, path string, img image.Image) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return WriteFile(t, path, b.Bytes())
}

// truncatingFFmpeg is the script TruncatingFFmpeg runs.
const truncatingFFmpeg = `#!/bin/sh
for a; do case "$a" in file:*) out="${a#file:}";; esac; done
size=$(printf '%s\n' "$@" | awk 'p{print; exit} $0=="-video_size"{p=1}')
w=${size%x*}; h=${size#*x}
cat <&3 >/dev/null 2>&1 &
n=$(wc -c)
wait
head -c 12288 /dev/zero > "$out"
[ -n "$size" ] && echo "frame=$(( n / (w*h*3/2) ))"
echo progress=end
exit 0
`

// TruncatingFFmpeg makes the rest of the test run, as ffmpeg
// (SLIDEREEL_FFMPEG), a script that does what ffmpeg did on a nearly full
// disk: it takes every frame and all the sound, reports the frames
// encoded, leaves a 12288-byte file without its index as its file:
// output, and exits 0.
func TruncatingFFmpeg(t testing.TB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ffmpeg")
	if err := os.WriteFile(path, []byte(truncatingFFmpeg), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(ffmpeg.EnvFFmpeg, path)
}

// WriteFile writes data to path and returns path.
func WriteFile(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Solid returns a w x h picture of one colour.
func Solid(w, h int, c color.Color) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	for p := 0; p < len(img.Pix); p += 4 {
		img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = n.R, n.G, n.B, n.A
	}
	return img
}
