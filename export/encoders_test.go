package export

import (
	"context"
	"reflect"
	"testing"
)

func TestAvailableEncodersReal(t *testing.T) {
	needFFmpeg(t)
	got := AvailableEncoders(context.Background())
	if len(got) == 0 || got[0] != EncoderX264 {
		t.Fatalf("AvailableEncoders = %v, want libx264 first", got)
	}
	for _, e := range got {
		if !contains(Encoders, e) {
			t.Errorf("unknown encoder %q offered", e)
		}
	}
	again := AvailableEncoders(context.Background())
	if !reflect.DeepEqual(got, again) {
		t.Errorf("second call %v != first %v", again, got)
	}
}

func TestAvailableEncodersProbes(t *testing.T) {
	// An ffmpeg that lists x264, NVENC and QSV; only NVENC encodes.
	fakeFFmpeg(t, `case "$*" in
*-encoders*)
  echo "Encoders:"
  echo " V..... = Video"
  echo " ------"
  echo " V....D libx264              libx264 H.264"
  echo " V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)"
  echo " V..... h264_qsv             H.264 (Intel Quick Sync Video acceleration) (codec h264)"
  echo " A..... aac                  AAC (Advanced Audio Coding)"
  exit 0 ;;
*h264_nvenc*) exit 0 ;;
*) echo "no device" >&2; exit 1 ;;
esac
`)
	got := AvailableEncoders(context.Background())
	want := []string{EncoderX264, EncoderNVENC}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AvailableEncoders = %v, want %v", got, want)
	}
}

func TestAvailableEncodersWithoutFFmpeg(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(envFFmpeg, "")
	if got := AvailableEncoders(context.Background()); got != nil {
		t.Errorf("AvailableEncoders without ffmpeg = %v", got)
	}
}
