module github.com/slidereel/slidereel

go 1.26.8

require (
	fyne.io/fyne/v2 v2.8.1 // indirect
	github.com/aws/aws-sdk-go v1.38.20 // indirect
	github.com/disintegration/imaging v1.6.2 // indirect
	github.com/gopxl/beep/v2 v2.1.1 // indirect
	github.com/jmespath/go-jmespath v0.4.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/u2takey/ffmpeg-go v0.5.0 // indirect
	github.com/u2takey/go-utils v0.3.1 // indirect
	golang.org/x/image v0.47.0 // indirect
)
