package sound

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/slidereel/slidereel/project"
)

// BenchmarkDecodeMP3 decodes a 60 s MP3 with beep and through ffmpeg and
// reports how many times faster ffmpeg is (the reason MP3 goes through
// ffmpeg when it is installed).
func BenchmarkDecodeMP3(b *testing.B) {
	needFFmpeg(b)
	src := writeWAV(b, "m.wav", wavSpec{rate: 44100, chans: 2, bits: 16, frames: 60 * 44100, sample: sine(440, 0.4, 44100)})
	path := convert(b, src, filepath.Join(b.TempDir(), "m.mp3"), "-c:a", "libmp3lame", "-b:a", "192k")
	var tBeep, tFF time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := decodeNative(context.Background(), path, ".mp3"); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := decodeFFmpeg(context.Background(), path); err != nil {
			b.Fatal(err)
		}
		tBeep += t1.Sub(t0)
		tFF += time.Since(t1)
	}
	b.ReportMetric(tBeep.Seconds()/float64(b.N), "beep-s/op")
	b.ReportMetric(tFF.Seconds()/float64(b.N), "ffmpeg-s/op")
	b.ReportMetric(float64(tBeep)/float64(tFF), "beep/ffmpeg")
}

// BenchmarkNewMix10Min mixes a 10-minute project: a 3-minute 44.1 kHz music
// file looped, 20 narration clips at 22.05 kHz, ducking, fades and loudness
// normalisation, and reads the whole mix out (as the export does). Decoding
// is cached after the first run (as in the editor), so this measures the
// mix itself. It reports the streamed mix's time and bytes allocated
// against the in-memory reference measured in the same run.
func BenchmarkNewMix10Min(b *testing.B) {
	dir := b.TempDir()
	music := filepath.Join(dir, "music.wav")
	os.WriteFile(music, encodeWAV(wavSpec{rate: 44100, chans: 2, bits: 16, frames: 180 * 44100,
		sample: func(i, ch int) float64 {
			t := float64(i) / 44100
			return 0.1*math.Sin(2*math.Pi*220*t+float64(ch)) + 0.05*math.Sin(2*math.Pi*3300*t)
		}}), 0o644)
	narr := filepath.Join(dir, "n.wav")
	os.WriteFile(narr, encodeWAV(wavSpec{rate: 22050, chans: 1, bits: 16, frames: 22050 * 20,
		sample: sine(300, 0.3, 22050)}), 0o644)
	p := newTestProject(20, 30)
	p.Soundtrack.Music = []project.MediaRef{{Path: music}}
	for i := range p.Slides {
		p.Slides[i].Narration = &project.MediaRef{Path: narr}
	}
	p.Soundtrack.Ducking = project.Ducking{Enabled: true, DepthDB: -12, Attack: 0.15, Release: 0.4}
	p.Soundtrack.FadeIn, p.Soundtrack.FadeOut = 1, 2
	p.Soundtrack.Normalize, p.Soundtrack.TargetLUFS, p.Soundtrack.CeilingDBTP = true, -14, -1
	t0 := time.Now()
	d, err := Durations(context.Background(), p)
	if err != nil {
		b.Fatal(err)
	}
	decode := time.Since(t0)
	tl := p.Timeline(d)
	var tStream, tRef time.Duration
	var aStream, aRef uint64
	var ms runtime.MemStats
	alloc := func() uint64 { runtime.ReadMemStats(&ms); return ms.TotalAlloc }
	for b.Loop() {
		t0, a0 := time.Now(), alloc()
		m, err := NewMix(context.Background(), p, tl)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.WritePCM(context.Background(), io.Discard); err != nil {
			b.Fatal(err)
		}
		t1, a1 := time.Now(), alloc()
		if _, err := refNewMix(context.Background(), p, tl); err != nil {
			b.Fatal(err)
		}
		tStream += t1.Sub(t0)
		tRef += time.Since(t1)
		aStream += a1 - a0
		aRef += alloc() - a1
	}
	// Seeks: a new position anywhere costs one block plus at most a
	// second of limiter restart, whatever the mix's length.
	m, err := NewMix(context.Background(), p, tl)
	if err != nil {
		b.Fatal(err)
	}
	rd := m.newReader()
	const seeks = 50
	t0 = time.Now()
	for i := range seeks {
		if _, err := rd.at((i*7919*SampleRate + 12345) % m.Len()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(time.Since(t0).Seconds()*1000/seeks, "seek-ms")
	b.ReportMetric(decode.Seconds(), "decode-s")
	b.ReportMetric(tStream.Seconds()/float64(b.N), "stream-s/op")
	b.ReportMetric(float64(tStream)/float64(tRef), "stream/ref-time")
	b.ReportMetric(float64(aStream)/float64(b.N)/1e6, "stream-MB-alloc/op")
	b.ReportMetric(float64(aStream)/float64(aRef), "stream/ref-alloc")
}
