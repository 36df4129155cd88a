package sound

import (
	"fmt"
	"github.com/slidereel/slidereel/project"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func silentMix(frames int) *Mix { return &Mix{n: frames} }

func TestPlayerClock(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	p := newClockPlayer(silentMix(3*SampleRate), clk.now)
	expect := func(pos int, playing bool) {
		t.Helper()
		if got := p.Position(); got != pos {
			t.Errorf("Position %d, want %d", got, pos)
		}
		if got := p.Playing(); got != playing {
			t.Errorf("Playing %v, want %v", got, playing)
		}
	}
	expect(0, false)
	clk.advance(time.Second)
	expect(0, false) // paused: time passes, position does not
	p.Play()
	clk.advance(time.Second)
	expect(SampleRate, true)
	p.Pause()
	clk.advance(time.Second)
	expect(SampleRate, false)
	p.Seek(1000)
	expect(1000, false)
	p.Play()
	clk.advance(500 * time.Millisecond)
	expect(1000+SampleRate/2, true)
	p.Seek(2 * SampleRate) // seeking while playing keeps playing
	clk.advance(250 * time.Millisecond)
	expect(2*SampleRate+SampleRate/4, true)
	clk.advance(time.Hour)
	expect(3*SampleRate, false) // stops at the end
	p.Play()                    // at the end: starts over
	expect(0, true)
	p.Seek(-5)
	expect(0, true)
	p.Seek(1 << 40)
	expect(3*SampleRate, false)
	if !p.Silent() {
		t.Error("a player without a device must be silent")
	}
	p.Seek(SampleRate)
	p.Play()
	p.SetMix(silentMix(5 * SampleRate)) // an edit: same place, still playing
	clk.advance(time.Second)
	expect(2*SampleRate, true)
	p.SetMix(silentMix(SampleRate)) // shorter than the position: at its end
	expect(SampleRate, false)
	p.Close()
	if n, ok := p.stream(make([][2]float64, 10)); n != 0 || ok {
		t.Error("a closed player must leave the speaker")
	}
}

// The device's pulls drive the position; when they stop while playing the
// wall clock takes over from the last pull, and hands back when they resume.
func TestPlayerDevicePulls(t *testing.T) {
	pr := newTestProject(1, 10)
	pr.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "ramp.wav", wavSpec{frames: 10 * SampleRate,
		sample: func(i, _ int) float64 { return float64(i) / (10 * SampleRate) }})}} // frame index, scaled
	m, _ := mustMix(t, pr)
	clk := &fakeClock{t: time.Unix(1000, 0)}
	p := newClockPlayer(m, clk.now)
	buf := make([][2]float64, 4800)

	if n, ok := p.stream(buf); n != len(buf) || !ok || buf[0][0] != 0 || buf[4799][1] != 0 {
		t.Fatal("paused: the device must get silence")
	}
	if p.Silent() {
		t.Error("a fed player is not silent")
	}
	p.Seek(SampleRate)
	p.Play()
	p.stream(buf)
	if want := float64(left(m, SampleRate)); buf[0][0] != want || want == 0 {
		t.Errorf("first pulled frame %v, want frame %d (%v)", buf[0][0], SampleRate, want)
	}
	if got := p.Position(); got != SampleRate+4800 {
		t.Errorf("Position %d after one pull, want %d", got, SampleRate+4800)
	}
	clk.advance(100 * time.Millisecond)
	p.stream(buf)
	if got := p.Position(); got != SampleRate+9600 {
		t.Errorf("Position %d, want %d", got, SampleRate+9600)
	}
	// The device stops pulling: within stallTimeout the position holds,
	// after it the clock runs on from the last pull.
	clk.advance(stallTimeout)
	if got := p.Position(); got != SampleRate+9600 {
		t.Errorf("Position %d during a short stall, want %d", got, SampleRate+9600)
	}
	clk.advance(time.Second - stallTimeout)
	if got := p.Position(); got != 2*SampleRate+9600 {
		t.Errorf("Position %d after a stall, want %d", got, 2*SampleRate+9600)
	}
	if !p.Silent() {
		t.Error("a stalled player plays silently")
	}
	clk.advance(time.Second)
	p.stream(buf) // pulls resume from the clock's position
	if got := p.Position(); got != 3*SampleRate+9600+4800 {
		t.Errorf("Position %d after pulls resume, want %d", got, 3*SampleRate+9600+4800)
	}
	// The end of the mix: silence after the last frame, then not playing.
	p.Seek(m.n - 100)
	p.stream(buf)
	if buf[99][0] == 0 || buf[100][0] != 0 || p.Playing() || p.Position() != m.n {
		t.Errorf("end of mix: %v %v playing=%v pos=%d", buf[99], buf[100], p.Playing(), p.Position())
	}
}

// With this machine's (or CI's) missing sound card, a real player says so
// once and keeps time by the wall clock; nothing blocks. With a device, the
// position advances from the device.
func TestPlayerNoDeviceFallback(t *testing.T) {
	var mu sync.Mutex
	var logged []string
	orig := logf
	logf = func(f string, a ...any) {
		mu.Lock()
		logged = append(logged, fmt.Sprintf(f, a...))
		mu.Unlock()
	}
	defer func() { logf = orig }()

	m := silentMix(60 * SampleRate)
	p := NewPlayer(m)
	defer p.Close()
	q := NewPlayer(m) // a second player must not report again
	defer q.Close()
	p.Play()
	q.Play()
	deadline := time.Now().Add(30 * time.Second)
	for p.Position() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if p.Position() == 0 {
		t.Fatal("the position never advanced")
	}
	for device.state.Load() == devStarting && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	switch device.state.Load() {
	case devSilent:
		if !p.Silent() || !q.Silent() {
			t.Error("no device, yet Silent() is false")
		}
		if len(logged) != 1 {
			t.Errorf("logged %d times, want once: %q", len(logged), logged)
		}
	case devAlive:
		t.Log("an audio device is present: the device path ran")
		if len(logged) != 0 {
			t.Errorf("logged %q with a working device", logged)
		}
	default:
		t.Error("the device state never settled")
	}
}

// With a device, Position estimates the frame being heard: the frames sent
// minus the device buffer, never before where playback started, and the
// frame where it stopped once paused.
func TestPlayerLatency(t *testing.T) {
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := newClockPlayer(silentMix(10*SampleRate), clk.now)
	p.latency = 4800
	buf := make([][2]float64, 2400)
	p.stream(buf) // the device is there
	p.Seek(SampleRate)
	p.Play()
	p.stream(buf)
	if got := p.Position(); got != SampleRate {
		t.Errorf("buffer filling: Position %d, want the start %d", got, SampleRate)
	}
	for range 4 {
		p.stream(buf)
	}
	if got, want := p.Position(), SampleRate+5*2400-4800; got != want {
		t.Errorf("playing: Position %d, want %d", got, want)
	}
	p.Pause()
	if got, want := p.Position(), SampleRate+5*2400; got != want {
		t.Errorf("paused: Position %d, want %d", got, want)
	}
}

// The speaker's pulls and the UI's calls meet only under the player's
// mutex (run with -race).
func TestPlayerConcurrent(t *testing.T) {
	m := silentMix(SampleRate)
	clk := &fakeClock{t: time.Unix(0, 0)}
	p := newClockPlayer(m, clk.now)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		buf := make([][2]float64, 512)
		for {
			select {
			case <-stop:
				return
			default:
				p.stream(buf)
				clk.advance(time.Millisecond)
			}
		}
	})
	for i := range 2000 {
		switch i % 5 {
		case 0:
			p.Play()
		case 1:
			p.Seek(i * 7 % m.n)
		case 2:
			_ = p.Position()
		case 3:
			p.Pause()
		case 4:
			_ = p.Playing() && p.Silent()
		}
	}
	close(stop)
	wg.Wait()
	if pos := p.Position(); pos < 0 || pos > m.n {
		t.Errorf("position %d outside the mix", pos)
	}
}
