package sound

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"

	"github.com/slidereel/slidereel/project"
)

// wavSpec describes a test WAV file.
type wavSpec struct {
	rate, chans, bits int
	float             bool
	frames            int
	// sample returns channel ch of frame i, in [-1, 1].
	sample func(i, ch int) float64
}

// encodeWAV writes a WAV file in the given format (our own small writer, so
// the tests cover every bit depth the decoder claims).
func encodeWAV(w wavSpec) []byte {
	var data bytes.Buffer
	for i := 0; i < w.frames; i++ {
		for c := 0; c < w.chans; c++ {
			v := math.Max(-1, math.Min(1, w.sample(i, c)))
			switch {
			case w.float && w.bits == 32:
				binary.Write(&data, binary.LittleEndian, float32(v))
			case w.float && w.bits == 64:
				binary.Write(&data, binary.LittleEndian, v)
			case w.bits == 8:
				data.WriteByte(byte(math.Round(v*127) + 128))
			case w.bits == 16:
				binary.Write(&data, binary.LittleEndian, int16(math.Round(v*32767)))
			case w.bits == 24:
				x := int32(math.Round(v * 8388607))
				data.Write([]byte{byte(x), byte(x >> 8), byte(x >> 16)})
			case w.bits == 32:
				binary.Write(&data, binary.LittleEndian, int32(math.Round(v*2147483647)))
			}
		}
	}
	format := uint16(wavFormatPCM)
	if w.float {
		format = wavFormatFloat
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+data.Len()))
	b.WriteString("WAVEfmt ")
	binary.Write(&b, binary.LittleEndian, uint32(16))
	binary.Write(&b, binary.LittleEndian, format)
	binary.Write(&b, binary.LittleEndian, uint16(w.chans))
	binary.Write(&b, binary.LittleEndian, uint32(w.rate))
	binary.Write(&b, binary.LittleEndian, uint32(w.rate*w.chans*w.bits/8))
	binary.Write(&b, binary.LittleEndian, uint16(w.chans*w.bits/8))
	binary.Write(&b, binary.LittleEndian, uint16(w.bits))
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(data.Len()))
	b.Write(data.Bytes())
	return b.Bytes()
}

func writeWAV(t testing.TB, name string, w wavSpec) string {
	t.Helper()
	if w.rate == 0 {
		w.rate = SampleRate
	}
	if w.chans == 0 {
		w.chans = 2
	}
	if w.bits == 0 {
		w.bits, w.float = 32, true
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, encodeWAV(w), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sine(freq, amp float64, rate int) func(i, ch int) float64 {
	return func(i, _ int) float64 { return amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)) }
}

func constant(v float64) func(i, ch int) float64 { return func(int, int) float64 { return v } }

// needFFmpeg is the shared helper: skip without ffmpeg/ffprobe, fail under CI=true.
var needFFmpeg = testmedia.NeedFFmpeg

// convert encodes src into dst's format with ffmpeg.
func convert(t testing.TB, src, dst string, args ...string) string {
	t.Helper()
	needFFmpeg(t)
	argv := append([]string{"-nostdin", "-v", "error", "-y", "-i", src}, args...)
	argv = append(argv, dst)
	if out, err := exec.Command(ffmpegBin(), argv...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v: %s", argv, err, out)
	}
	return dst
}

// newTestProject returns a project with n fixed-duration cut slides of d
// seconds and plain sound settings (no fades, ducking or normalisation).
func newTestProject(n int, d float64) *project.Project {
	p := project.New()
	p.Defaults.Duration = d
	p.Defaults.Transition = project.Transition{Kind: project.Cut}
	for i := range n {
		p.AddImages(filepath.Join("img", string(rune('a'+i))+".jpg"))
	}
	p.Soundtrack.FadeOut = 0
	p.Soundtrack.Ducking.Enabled = false
	p.Soundtrack.Normalize = false
	return p
}

func mustMix(t testing.TB, p *project.Project) (*Mix, *project.Timeline) {
	t.Helper()
	d, err := Durations(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	tl := p.Timeline(d)
	m, err := NewMix(t.Context(), p, tl)
	if err != nil {
		t.Fatal(err)
	}
	checkReference(t, p, tl, m)
	return m, tl
}

// checkReference proves the streamed mix equals the in-memory reference:
// bit for bit, or within one int16 step where the limiter acts. It also
// reads the mix out of order (seeks) and checks the same samples come.
func checkReference(t testing.TB, p *project.Project, tl *project.Timeline, m *Mix) {
	t.Helper()
	ref, err := refNewMix(t.Context(), p, tl)
	if err != nil {
		t.Fatal(err)
	}
	got := m.testData()
	if len(got) != len(ref.data) || m.Len() != ref.n {
		t.Fatalf("streamed mix has %d frames, the reference %d", m.Len(), ref.n)
	}
	if math.Abs(m.normGainDB-ref.normGainDB) > 1e-9 {
		t.Errorf("normalisation gain %v dB, reference %v dB", m.normGainDB, ref.normGainDB)
	}
	exact := m.norm == nil || !m.norm.limit
	for i, v := range got {
		if exact && v != ref.data[i] && !(v != v && ref.data[i] != ref.data[i]) {
			t.Fatalf("streamed sample %d (frame %d) = %v, reference %v", i, i/2, v, ref.data[i])
		}
		if d := int(toInt16(v)) - int(toInt16(ref.data[i])); d > 1 || d < -1 {
			t.Fatalf("streamed sample %d (frame %d) = %v, reference %v: %d int16 steps apart", i, i/2, v, ref.data[i], d)
		}
	}
	// Out of order: a reader jumping about gives the same samples.
	rd := m.newReader()
	for _, f := range []int{m.Len() / 2, 3, m.Len() - 1, m.Len() / 3, 0, m.Len() * 9 / 10} {
		if f < 0 || f >= m.Len() {
			continue
		}
		src, err := rd.at(f)
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < min(len(src), 2000); j++ {
			if d := int(toInt16(src[j])) - int(toInt16(got[2*f+j])); d > 1 || d < -1 || (exact && src[j] != got[2*f+j]) {
				t.Fatalf("after a seek to frame %d, sample %d = %v, in order %v", f, j, src[j], got[2*f+j])
			}
		}
	}
}

var testData sync.Map // *Mix -> []float32

// testData returns the whole mix in one array (tests only), computed once.
func (m *Mix) testData() []float32 {
	if d, ok := testData.Load(m); ok {
		return d.([]float32)
	}
	d := make([]float32, 0, 2*m.n)
	rd := m.newReader()
	for f := 0; f < m.n; {
		src, err := rd.at(f)
		if err != nil {
			panic(err)
		}
		d = append(d, src...)
		f += len(src) / 2
	}
	testData.Store(m, d)
	return d
}

func left(m *Mix, i int) float32 { return m.testData()[2*i] }
