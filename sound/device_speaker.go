//go:build cgo || darwin || windows

package sound

import (
	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
)

// speakerAvailable: this build links beep's speaker (oto; ALSA through cgo
// on Linux).
const speakerAvailable = true

func openSpeaker() error { return speaker.Init(SampleRate, deviceBuffer) }

func speakerPlay(s beep.Streamer) { speaker.Play(s) }
