package sound

import (
	"errors"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gopxl/beep/v2"
)

// The audio device is opened once per process, in the background, at
// SampleRate with a 100 ms buffer. beep's speaker.Init returns nil even when
// there is no sound card (ALSA's default PCM is missing), but then nothing
// ever pulls samples, so the device counts as alive only once it has pulled
// some: without that within deviceProbe, playback is silent and says so
// once in the log. Init itself runs in a goroutine with a timeout, so a
// driver that hangs cannot block the app.
const (
	deviceBuffer  = SampleRate / 10
	deviceProbe   = 500 * time.Millisecond
	deviceTimeout = 5 * time.Second
	// stallTimeout: a playing player whose samples have not been pulled for
	// this long falls back to the wall clock.
	stallTimeout = 300 * time.Millisecond
)

const (
	devStarting int32 = iota
	devAlive
	devSilent
)

var device struct {
	once   sync.Once
	state  atomic.Int32
	inited chan struct{} // closed when Init has returned (or timed out)
	ok     bool          // Init succeeded; valid after inited is closed
	logged sync.Once
}

// logf reports the silent fallback; tests replace it.
var logf = log.Printf

func reportSilent(reason error) {
	device.state.Store(devSilent)
	device.logged.Do(func() { logf("sound: no audio output (%v): playing silently", reason) })
}

// startDevice opens the speaker once, in the background.
func startDevice() {
	device.once.Do(func() {
		device.inited = make(chan struct{})
		go func() {
			done := make(chan error, 1)
			go func() { done <- openSpeaker() }()
			select {
			case err := <-done:
				if err != nil {
					reportSilent(err)
					close(device.inited)
					return
				}
			case <-time.After(deviceTimeout):
				reportSilent(errors.New("the audio device did not open"))
				close(device.inited)
				return
			}
			device.ok = true
			close(device.inited)
			var pulled atomic.Bool
			speakerPlay(beep.StreamerFunc(func(s [][2]float64) (int, bool) {
				pulled.Store(true)
				return 0, false // one call is proof enough; the mixer drops us
			}))
			time.Sleep(deviceProbe)
			if pulled.Load() {
				device.state.CompareAndSwap(devStarting, devAlive)
			} else {
				reportSilent(errors.New("the device never asked for samples"))
			}
		}()
	})
}

// Player plays a Mix through the speaker. Its Position is the preview's
// clock: the frame being sent to the device, or, with no device, the frame
// the wall clock says should be playing. All methods are safe for
// concurrent use and none blocks on the device.
type Player struct {
	mix    *Mix
	now    func() time.Time
	device bool // uses the speaker (false in clock-only tests)

	// latency is the device's estimated output delay in frames: while
	// the device plays, Position lags the frames sent by this much (but
	// never goes back before where playback started).
	latency int

	mu       sync.Mutex
	rd       *reader   // computes the mix block by block for the device
	readErr  sync.Once // a read error is logged once
	anchor   int       // where the last Play or Seek put playback
	pos      int       // device mode: next frame to send; clock mode: frame at base
	base     time.Time // clock mode: when pos was current
	lastPull time.Time // device mode: when the device last pulled
	fed      bool      // device mode: the device is pulling our samples
	playing  bool
	closed   bool
}

// NewPlayer returns a paused player at frame 0. It opens the audio device
// on first use, in the background.
func NewPlayer(m *Mix) *Player {
	p := &Player{mix: m, now: time.Now, device: true, latency: deviceBuffer}
	startDevice()
	go func() {
		<-device.inited
		if device.ok {
			speakerPlay(streamFunc(p.stream))
		}
	}()
	return p
}

// newClockPlayer returns a player that never uses the speaker, with the
// given clock (for tests).
func newClockPlayer(m *Mix, now func() time.Time) *Player {
	return &Player{mix: m, now: now}
}

type streamFunc func([][2]float64) (int, bool)

func (f streamFunc) Stream(s [][2]float64) (int, bool) { return f(s) }
func (f streamFunc) Err() error                        { return nil }

// stream is what the speaker pulls: the mix while playing, silence while
// paused, and (0, false) once closed so that the speaker drops it.
func (p *Player) stream(s [][2]float64) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return 0, false
	}
	now := p.now()
	if !p.fed {
		p.pos = p.clockPos(now) // the device takes over from the wall clock
		p.fed = true
	}
	p.lastPull = now
	k := 0
	if p.playing {
		k = min(len(s), p.mix.n-p.pos)
		if p.rd == nil || p.rd.m != p.mix {
			p.rd = p.mix.newReader()
		}
		if err := p.rd.copyTo(s[:k], p.pos); err != nil {
			p.readErr.Do(func() { logf("sound: playback: %v", err) })
			k = 0
			p.playing = false
		}
		p.pos += k
		if p.pos >= p.mix.n {
			p.playing = false
		}
	}
	clear(s[k:])
	return len(s), true
}

// clockPos is the position by the wall clock (clock mode), at most Len.
func (p *Player) clockPos(now time.Time) int {
	if !p.playing || p.fed {
		return p.pos
	}
	el := max(now.Sub(p.base), 0)
	pos := p.pos + int(el*SampleRate/time.Second)
	return min(pos, p.mix.n)
}

// sync brings the state up to now: a stalled device hands over to the
// wall clock, and the clock stops at the end of the mix.
func (p *Player) sync(now time.Time) {
	if p.fed && p.playing && now.Sub(p.lastPull) > stallTimeout {
		p.fed = false
		p.base = p.lastPull // the clock goes on from the last pull
	}
	if !p.fed {
		p.pos = p.clockPos(now)
		p.base = now
	}
	if p.pos >= p.mix.n {
		p.pos = p.mix.n
		p.playing = false
	}
}

// Play starts or resumes playback; at the end of the mix it starts over.
func (p *Player) Play() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.sync(now)
	if p.pos >= p.mix.n {
		p.pos = 0
	}
	p.playing = p.mix.n > 0
	p.anchor = p.pos
	p.base = now
	p.lastPull = now // a device that never pulls is caught stallTimeout from now
}

// Pause stops playback where it is.
func (p *Player) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sync(p.now())
	p.playing = false
}

// Seek moves to frame sample, clamped to [0, Len]; playing goes on playing.
func (p *Player) Seek(sample int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.sync(now)
	p.pos = max(0, min(sample, p.mix.n))
	p.anchor = p.pos
	p.base = now
}

// Position returns the current frame (at SampleRate): the preview's clock.
// While a device plays, it is the frame sent minus the device's buffer (an
// estimate of the frame being heard); paused, it is where playback stopped.
func (p *Player) Position() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sync(p.now())
	if p.fed && p.playing {
		return max(p.pos-p.latency, min(p.anchor, p.pos))
	}
	return p.pos
}

// Playing reports whether the player is playing (false once it reaches the
// end of the mix).
func (p *Player) Playing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sync(p.now())
	return p.playing
}

// Silent reports whether the player keeps time by the wall clock because no
// audio device plays it.
func (p *Player) Silent() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sync(p.now())
	if p.fed {
		return false
	}
	return !p.device || device.state.Load() != devStarting
}

// SetMix replaces the mix (after an edit), keeping the position (clamped to
// the new length) and whether it is playing.
func (p *Player) SetMix(m *Mix) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.sync(now)
	p.mix = m
	p.pos = min(p.pos, m.n)
	p.anchor = min(p.anchor, m.n)
	p.base = now
	if p.pos >= m.n {
		p.playing = false
	}
}

// Close stops the player for good; the speaker drops it on its next pull.
func (p *Player) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sync(p.now())
	p.playing = false
	p.closed = true
}
