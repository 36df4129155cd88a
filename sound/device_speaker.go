//go:build cgo || darwin || windows

package sound

import (
	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
)

func openSpeaker() error { return speaker.Init(SampleRate, deviceBuffer) }

func speakerPlay(s beep.Streamer) { speaker.Play(s) }
