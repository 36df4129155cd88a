package sound

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// A click (one full-scale sample) then silence: its peak marks where a
// clip starts in the mix.
func click(n int) func(i, ch int) float64 {
	return func(i, _ int) float64 {
		if i == 0 {
			return 0.9
		}
		return 0
	}
}

func argmaxAbs(m *Mix, lo, hi int) int {
	best, at := float32(-1), -1
	for i := max(lo, 0); i < min(hi, m.Len()); i++ {
		if v := abs32(left(m, i)); v > best {
			best, at = v, i
		}
	}
	return at
}

// Story mode: each slide lasts its narration plus the gap; narration starts
// sample-exactly at its slide's first sample; clips at 22.05 kHz mono,
// 44.1 kHz and 48 kHz all land exactly; the mix is exactly the video long.
func TestStoryNarrationPlacement(t *testing.T) {
	clips := []wavSpec{
		{rate: 48000, chans: 2, bits: 16, frames: 48000},              // 1.000 s
		{rate: 22050, chans: 1, bits: 16, frames: 15435},              // 0.700 s
		{rate: 44100, chans: 2, bits: 24, frames: 57330},              // 1.300 s
		{rate: 48000, chans: 1, bits: 32, float: true, frames: 24000}, // 0.500 s
	}
	p := newTestProject(len(clips)+1, 2) // the last slide has no narration
	p.Timing = project.TimingStory
	for i, c := range clips {
		c.sample = click(c.frames)
		path := writeWAV(t, "n.wav", c)
		p.Slides[i].Narration = &project.MediaRef{Path: path}
	}
	d, err := Durations(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.0, 0.7, 1.3, 0.5, 0}
	for i, w := range want {
		if math.Abs(d.Narration[i]-w) > 1.0/SampleRate {
			t.Errorf("narration %d lasts %v s, want %v", i, d.Narration[i], w)
		}
	}
	tl := p.Timeline(d)
	m, err := NewMix(t.Context(), p, tl)
	if err != nil {
		t.Fatal(err)
	}
	// Independent of Span: slide starts are the rounded cumulative
	// narration+gap times, 2000 samples per frame at 24 fps.
	var cum float64
	for i := range clips {
		wantStart := int(math.Round(cum*24)) * 2000
		if got := tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate); got != wantStart {
			t.Errorf("slide %d starts at sample %d, want %d", i, got, wantStart)
		}
		if at := argmaxAbs(m, wantStart-2000, wantStart+2000); at != wantStart {
			t.Errorf("narration %d peaks at sample %d, want %d", i, at, wantStart)
		}
		if v := left(m, max(wantStart-1, 0)); wantStart > 0 && v != 0 {
			t.Errorf("sample before narration %d is %v, want silence", i, v)
		}
		// Resampled clicks lose 5 %: the anti-imaging filter's cutoff is at
		// 0.95 of the lower Nyquist frequency.
		if v := left(m, wantStart); v < 0.85 || v > 0.91 {
			t.Errorf("narration %d first sample %v, want 0.9 (0.855 if resampled)", i, v)
		}
		cum += want[i] + 0.5
	}
	wantLen := int(math.Round((cum+2)*24)) * 2000
	if m.Len() != wantLen || m.Len() != tl.Samples(SampleRate) {
		t.Errorf("Len %d, want %d (timeline %d)", m.Len(), wantLen, tl.Samples(SampleRate))
	}
	var buf bytes.Buffer
	if err := m.WritePCM(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 4*m.Len() {
		t.Errorf("WritePCM wrote %d bytes, want %d (exactly Len frames)", buf.Len(), 4*m.Len())
	}
}

// Mixed rates over a long clip: a click every 320 output samples (every 147
// input samples at 22.05 kHz, 294 at 44.1 kHz) must stay on that grid to
// the end, so nothing drifts.
func TestMixedRatesNoDrift(t *testing.T) {
	for _, tc := range []struct {
		rate, chans, step int
	}{{22050, 1, 147}, {44100, 2, 294}, {48000, 2, 320}} {
		c := wavSpec{rate: tc.rate, chans: tc.chans, bits: 16, frames: tc.rate * 30}
		c.sample = func(i, _ int) float64 {
			if i%tc.step == 0 {
				return 0.8
			}
			return 0
		}
		cl, err := loadClip(t.Context(), writeWAV(t, "c.wav", c))
		if err != nil {
			t.Fatal(err)
		}
		if want := 30 * SampleRate; cl.frames() != want {
			t.Errorf("%d Hz: %d frames, want %d", tc.rate, cl.frames(), want)
		}
		for k := 0; k*320 < cl.frames()-320; k += 97 {
			at, best := -1, float32(0)
			for i := k*320 - 100; i < k*320+100; i++ {
				if i >= 0 && abs32(cl.data[2*i]) > best {
					at, best = i, abs32(cl.data[2*i])
				}
			}
			if at != k*320 {
				t.Fatalf("%d Hz: click %d at sample %d, want %d", tc.rate, k, at, k*320)
			}
			if best < 0.75 || best > 0.81 || cl.data[2*at+1] != cl.data[2*at] {
				t.Fatalf("%d Hz: click %d is %v/%v, want 0.8 on both channels", tc.rate, k, best, cl.data[2*at+1])
			}
		}
	}
}

// Music loops sample-exactly: mix frame k is music frame k mod length, over
// several seams and across two files played in order.
func TestMusicLoopSeams(t *testing.T) {
	a := wavSpec{frames: 30011, sample: func(i, ch int) float64 { return float64(i%1000)/1000 - 0.5 + 0.01*float64(ch) }}
	b := wavSpec{frames: 17003, sample: func(i, ch int) float64 { return -float64(i%700) / 1400 }}
	p := newTestProject(2, 1.5) // 3 s = 144000 frames: about 3 loops
	p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "a.wav", a)}, {Path: writeWAV(t, "b.wav", b)}}
	m, _ := mustMix(t, p)
	music := append(append([]float32{}, encodeAndDecode(t, a)...), encodeAndDecode(t, b)...)
	n := len(music) / 2
	if n != 30011+17003 {
		t.Fatalf("music is %d frames", n)
	}
	for i := 0; i < m.Len(); i++ {
		k := i % n
		if m.testData()[2*i] != music[2*k] || m.testData()[2*i+1] != music[2*k+1] {
			t.Fatalf("frame %d = %v,%v, want music frame %d = %v,%v", i, m.testData()[2*i], m.testData()[2*i+1], k, music[2*k], music[2*k+1])
		}
	}

	// Played once: the music, then silence.
	p.Soundtrack.Loop = false
	m, _ = mustMix(t, p)
	for i := 0; i < m.Len(); i++ {
		want := float32(0)
		if i < n {
			want = music[2*i]
		}
		if m.testData()[2*i] != want {
			t.Fatalf("once: frame %d = %v, want %v", i, m.testData()[2*i], want)
		}
	}
}

func encodeAndDecode(t *testing.T, w wavSpec) []float32 {
	t.Helper()
	c, err := loadClip(t.Context(), writeWAV(t, "x.wav", w))
	if err != nil {
		t.Fatal(err)
	}
	return c.data
}

// Fades: from 0 at frame 0 to full at FadeIn; from full at Len-1-FadeOut to
// exactly 0 on the last frame; music gain applies throughout.
func TestFades(t *testing.T) {
	p := newTestProject(3, 1) // 144000 frames
	p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "dc.wav", wavSpec{frames: 5000, sample: constant(0.5)})}}
	p.Soundtrack.FadeIn = 0.5
	p.Soundtrack.FadeOut = project.DefaultMusicFadeOut
	p.Soundtrack.MusicGainDB = -6
	m, _ := mustMix(t, p)
	g := 0.5 * math.Pow(10, -6.0/20)
	n := m.Len()
	fi, fo := 24000, 96000
	check := func(i int, want float64) {
		t.Helper()
		if got := float64(left(m, i)); math.Abs(got-want) > 1e-6 {
			t.Errorf("frame %d = %v, want %v", i, got, want)
		}
	}
	check(0, 0)
	check(fi/2, g/2)
	check(fi, g)
	check(n-1-fo, g)
	check(n-1-fo/4, g/4)
	check(n-1, 0)
	if left(m, n-2) <= 0 {
		t.Errorf("the fade reaches 0 before the last frame")
	}
	for i := 1; i < n; i++ {
		if d := math.Abs(float64(left(m, i) - left(m, i-1))); d > g/float64(fi)+1e-6 {
			t.Fatalf("step of %v at frame %d: fades must be smooth", d, i)
		}
	}
}

// Ducking: music at full level before the attack, depth dB under the
// narration, back after the release; no step larger than the ramp allows.
func TestDucking(t *testing.T) {
	p := newTestProject(3, 2) // 6 s
	p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "dc.wav", wavSpec{frames: 48000, sample: constant(0.5)})}}
	// Silent narration: presence alone ducks, so the mix shows the gain.
	p.Slides[1].Narration = &project.MediaRef{Path: writeWAV(t, "n.wav", wavSpec{frames: 48000, sample: constant(0)})}
	p.Soundtrack.Ducking = project.Ducking{Enabled: true, DepthDB: -12, Attack: 0.15, Release: 0.4}
	m, tl := mustMix(t, p)
	start := tl.FPS.SampleOf(tl.Spans[1].Start, SampleRate)
	end := start + 48000
	att, rel := 7200, 19200
	deep := 0.5 * math.Pow(10, -12.0/20)
	check := func(i int, want, tol float64) {
		t.Helper()
		if got := float64(left(m, i)); math.Abs(got-want) > tol {
			t.Errorf("frame %d = %v, want %v", i, got, want)
		}
	}
	check(start-att-1, 0.5, 1e-6)
	check(start-att/2, 0.5*math.Pow(10, -6.0/20), 1e-4) // raised cosine in dB: half depth half way
	check(start, deep, 1e-6)
	check((start+end)/2, deep, 1e-6)
	check(end-1, deep, 1e-6)
	check(end+rel/2, 0.5*math.Pow(10, -6.0/20), 1e-4)
	check(end+rel, 0.5, 1e-6)
	var worst float64
	for i := 1; i < m.Len(); i++ {
		worst = math.Max(worst, math.Abs(float64(left(m, i)-left(m, i-1))))
	}
	// Steepest point of a 12 dB raised-cosine attack over 7200 frames at
	// gain 0.5: 0.5 * ln(10)/20 * 12 * pi/2 / 7200 ~ 1.5e-4.
	if worst > 1.6e-4 {
		t.Errorf("largest step %v: ducking clicks", worst)
	}

	// Attack 0 still ramps (10 ms), so no click.
	p.Soundtrack.Ducking.Attack = 0
	m, _ = mustMix(t, p)
	worst = 0
	for i := 1; i < m.Len(); i++ {
		worst = math.Max(worst, math.Abs(float64(left(m, i)-left(m, i-1))))
	}
	if worst > 0.5*math.Log(10)/20*12*math.Pi/2/480 {
		t.Errorf("attack 0: largest step %v", worst)
	}

	// No narration: no ducking.
	p.Slides[1].Narration = nil
	m, _ = mustMix(t, p)
	for i := 0; i < m.Len(); i++ {
		if left(m, i) != 0.5 {
			t.Fatalf("frame %d = %v without narration, want 0.5", i, left(m, i))
		}
	}
}

func TestStreamerAndPCM(t *testing.T) {
	p := newTestProject(1, 0.5)
	p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "r.wav", wavSpec{frames: 48000,
		sample: func(i, ch int) float64 { return float64(i%200)/100 - 1 + 0.001*float64(ch) }})}}
	m, _ := mustMix(t, p)
	if m.Len() != 24000 {
		t.Fatalf("Len %d", m.Len())
	}
	s := m.Streamer()
	buf := make([][2]float64, 1000)
	total := 0
	for {
		n, ok := s.Stream(buf)
		for i := range n {
			if buf[i][0] != float64(m.testData()[2*(total+i)]) {
				t.Fatalf("stream frame %d differs", total+i)
			}
		}
		total += n
		if !ok {
			break
		}
	}
	if total != m.Len() || s.Position() != m.Len() {
		t.Errorf("streamed %d frames, position %d, want %d", total, s.Position(), m.Len())
	}
	if err := s.Seek(12345); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Stream(buf[:1]); n != 1 || buf[0][1] != float64(m.testData()[2*12345+1]) {
		t.Errorf("after Seek: %v", buf[0])
	}
	if s.Seek(-1) == nil || s.Seek(m.Len()+1) == nil {
		t.Error("Seek outside the mix must fail")
	}
	if m.Streamer().Position() != 0 {
		t.Error("a new streamer must start at 0")
	}

	var pcm bytes.Buffer
	if err := m.WritePCM(t.Context(), &pcm); err != nil {
		t.Fatal(err)
	}
	b := pcm.Bytes()
	for _, i := range []int{0, 1, 99, 150, 23999} {
		l := int16(binary.LittleEndian.Uint16(b[4*i:]))
		r := int16(binary.LittleEndian.Uint16(b[4*i+2:]))
		if want := int16(math.Round(float64(m.testData()[2*i]) * 32767)); l != want {
			t.Errorf("PCM frame %d left %d, want %d", i, l, want)
		}
		if want := int16(math.Round(float64(m.testData()[2*i+1]) * 32767)); r != want {
			t.Errorf("PCM frame %d right %d, want %d", i, r, want)
		}
	}
	if toInt16(1.5) != 32767 || toInt16(-1.5) != -32768 {
		t.Error("PCM must clamp")
	}

	pk := m.Peaks(120) // 200 frames a bucket: one full ramp each
	if len(pk) != 120 {
		t.Fatalf("%d peaks", len(pk))
	}
	for i, v := range pk {
		if math.Abs(float64(v.Min)+1) > 1e-6 || math.Abs(float64(v.Max)-0.991) > 1e-6 {
			t.Fatalf("peak %d = %+v, want {-1, 0.991}", i, v)
		}
	}
	if m.Peaks(0) != nil {
		t.Error("Peaks(0) must be nil")
	}
}

// A project without sound still has a silent mix of the right length.
func TestSilentProject(t *testing.T) {
	p := newTestProject(2, 1.25)
	m, tl := mustMix(t, p)
	if m.Len() != 120000 || m.Len() != tl.Samples(SampleRate) {
		t.Fatalf("Len %d", m.Len())
	}
	for _, v := range m.testData() {
		if v != 0 {
			t.Fatal("not silent")
		}
	}
	p.Soundtrack.Normalize = true // silence: nothing to normalise, no NaN
	m, _ = mustMix(t, p)
	if m.testData()[0] != 0 {
		t.Fatal("normalised silence is not silent")
	}
}

// Clips are decoded several at once, but a broken one is still reported
// with its slide, and the good ones are in the cache.
func TestDurationsNamesBrokenClip(t *testing.T) {
	p := newTestProject(4, 2)
	p.Timing = project.TimingStory
	var good []string
	for i := range 4 {
		path := writeWAV(t, "n.wav", wavSpec{frames: 4800 * (i + 1), sample: constant(0.1)})
		if i == 2 {
			if err := os.WriteFile(path, []byte("RIFF not really"), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			good = append(good, path)
		}
		p.Slides[i].Narration = &project.MediaRef{Path: path}
	}
	_, err := Durations(t.Context(), p)
	if err == nil || !strings.Contains(err.Error(), "narration of slide 3") || !strings.Contains(err.Error(), p.Slides[2].Narration.Path) {
		t.Fatalf("error %v, want one naming slide 3 and its file", err)
	}
	for _, path := range good {
		key, err := statKey(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := registry.Get(key); !ok {
			t.Errorf("%s was not decoded", path)
		}
	}
}

// Release drops a project's decoded files from the cache; they are
// decoded again when needed.
func TestRelease(t *testing.T) {
	p := newTestProject(2, 2)
	music := writeWAV(t, "m.wav", wavSpec{frames: 48000, sample: constant(0.2)})
	narr := writeWAV(t, "n.wav", wavSpec{frames: 24000, sample: constant(0.1)})
	p.Soundtrack.Music = []project.MediaRef{{Path: music}}
	p.Slides[1].Narration = &project.MediaRef{Path: narr}
	cached := func(path string) bool {
		key, err := statKey(path)
		if err != nil {
			t.Fatal(err)
		}
		_, ok := registry.Get(key)
		return ok
	}
	d1, err := Durations(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if !cached(music) || !cached(narr) {
		t.Fatal("Durations did not cache the decoded files")
	}
	Release(p)
	if cached(music) || cached(narr) {
		t.Fatal("Release left decoded files in the cache")
	}
	d2, err := Durations(t.Context(), p)
	if err != nil || d2.Music != d1.Music || d2.Narration[1] != d1.Narration[1] {
		t.Fatalf("after Release: %+v, %v; want %+v", d2, err, d1)
	}
}
