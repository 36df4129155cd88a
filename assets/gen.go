//go:build ignore

// gen.go makes the bundled demo project: six procedural "photos" and a short
// piano-and-pad soundtrack, deterministically, so the demo needs no licensed
// media. Run from assets/: go run gen.go (needs ffmpeg for the Vorbis file).
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
)

func main() {
	scenes := []struct {
		name string
		w, h int
		f    func(x, y float64) (r, g, b float64)
	}{
		{"01-sunset.jpg", 1200, 800, sunset},
		{"02-mountains.jpg", 1200, 800, mountains},
		{"03-meadow.jpg", 1200, 900, meadow},
		{"04-aurora.jpg", 800, 1200, aurora},
		{"05-city.jpg", 1200, 800, city},
		{"06-dunes.jpg", 1200, 800, dunes},
	}
	for _, s := range scenes {
		img := image.NewRGBA(image.Rect(0, 0, s.w, s.h))
		for y := 0; y < s.h; y++ {
			for x := 0; x < s.w; x++ {
				r, g, b := s.f(float64(x)/float64(s.w), float64(y)/float64(s.h))
				// a touch of film grain so it reads as a photo
				n := (hash(float64(x), float64(y)) - 0.5) * 0.025
				img.Set(x, y, color.RGBA{c8(r + n), c8(g + n), c8(b + n), 255})
			}
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
			panic(err)
		}
		must(os.WriteFile("demo/"+s.name, buf.Bytes(), 0o644))
		fmt.Println(s.name, buf.Len())
	}
	icon()
	music()
}

// icon draws the app icon: a film frame around a sunset and mountains.
func icon() {
	const n = 256
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float64(x)/n, float64(y)/n
			// rounded square
			dx, dy := math.Max(math.Abs(fx-0.5)-0.38, 0), math.Max(math.Abs(fy-0.5)-0.38, 0)
			if math.Hypot(dx, dy) > 0.08 {
				continue
			}
			r, g, b := 0.12, 0.12, 0.16
			if fx > 0.16 && fx < 0.84 && fy > 0.2 && fy < 0.8 {
				ix, iy := (fx-0.16)/0.68, (fy-0.2)/0.6
				r, g, b = sunset(ix, iy*0.6)
				if iy > 1-0.45*ridge(ix, 2, 1)-0.25 {
					r, g, b = 0.2, 0.22, 0.35
				}
			}
			// sprocket holes
			if (fy < 0.17 || fy > 0.83) && math.Mod(fx*10, 1) > 0.35 && math.Mod(fx*10, 1) < 0.65 &&
				(fy > 0.07 && fy < 0.13 || fy > 0.87 && fy < 0.93) && fx > 0.12 && fx < 0.88 {
				r, g, b = 0.9, 0.9, 0.9
			}
			img.Set(x, y, color.RGBA{c8(r), c8(g), c8(b), 255})
		}
	}
	var buf bytes.Buffer
	must(png.Encode(&buf, img))
	must(os.WriteFile("icon.png", buf.Bytes(), 0o644))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func c8(v float64) uint8 { return uint8(math.Max(0, math.Min(255, v*255+0.5))) }

func hash(x, y float64) float64 {
	h := math.Sin(x*127.1+y*311.7) * 43758.5453
	return h - math.Floor(h)
}

// noise is smooth 2D value noise in [0,1].
func noise(x, y float64) float64 {
	xi, yi := math.Floor(x), math.Floor(y)
	xf, yf := x-xi, y-yi
	u, v := xf*xf*(3-2*xf), yf*yf*(3-2*yf)
	a, b := hash(xi, yi), hash(xi+1, yi)
	c, d := hash(xi, yi+1), hash(xi+1, yi+1)
	return lerp(lerp(a, b, u), lerp(c, d, u), v)
}

func fbm(x, y float64, oct int) float64 {
	s, amp, tot := 0.0, 0.5, 0.0
	for i := 0; i < oct; i++ {
		s += amp * noise(x, y)
		tot += amp
		x, y, amp = x*2.03, y*2.03, amp*0.5
	}
	return s / tot
}

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

func mix3(a, b [3]float64, t float64) (float64, float64, float64) {
	t = math.Max(0, math.Min(1, t))
	return lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)
}

func smooth(e0, e1, x float64) float64 {
	t := math.Max(0, math.Min(1, (x-e0)/(e1-e0)))
	return t * t * (3 - 2*t)
}

func sunset(x, y float64) (float64, float64, float64) {
	horizon := 0.62
	sx, sy := 0.62, 0.52
	if y < horizon {
		r, g, b := mix3([3]float64{0.22, 0.12, 0.38}, [3]float64{1.0, 0.55, 0.25}, y/horizon)
		d := math.Hypot((x-sx)*1.5, y-sy)
		glow := math.Exp(-d*d*18) * 0.8
		sun := smooth(0.052, 0.048, d)
		cl := smooth(0.55, 0.75, fbm(x*4, y*14, 5)) * smooth(0.1, 0.45, y)
		r, g, b = r+glow+sun, g+glow*0.6+sun*0.8, b+glow*0.2+sun*0.5
		return lerp(r, 0.55, cl*0.6), lerp(g, 0.25, cl*0.6), lerp(b, 0.35, cl*0.6)
	}
	t := (y - horizon) / (1 - horizon)
	r, g, b := mix3([3]float64{0.55, 0.3, 0.3}, [3]float64{0.05, 0.07, 0.18}, t)
	wave := fbm(x*40, y*300, 3)
	refl := math.Exp(-math.Pow((x-sx)*6/(0.3+t), 2)) * smooth(0.45, 0.75, wave) * (1 - t*0.6)
	return r + refl, g + refl*0.6, b + refl*0.3
}

// ridge is a peaky mountain profile in [0,1].
func ridge(x, scale, seed float64) float64 {
	v := 1 - math.Abs(2*fbm(x*scale+seed, seed, 5)-1)
	return v * v
}

func mountains(x, y float64) (float64, float64, float64) {
	r, g, b := mix3([3]float64{0.55, 0.72, 0.92}, [3]float64{0.95, 0.9, 0.85}, y*1.4)
	layers := []struct{ base, amp, scale, seed, shade float64 }{
		{0.55, 0.45, 2, 1, 0.75}, {0.62, 0.3, 3, 7, 0.55}, {0.72, 0.22, 5, 13, 0.35}, {0.85, 0.15, 7, 21, 0.18},
	}
	for _, l := range layers {
		top := l.base - l.amp*ridge(x, l.scale, l.seed)
		if y > top {
			snow := 0.0
			if l.shade > 0.6 {
				snow = smooth(top+0.06, top+0.01, y) * smooth(0.35, 0.2, top) * 0.7
			}
			tex := fbm(x*30, y*30, 3) * 0.08
			r = 0.25*l.shade + 0.1 + snow + tex
			g = 0.32*l.shade + 0.12 + snow + tex
			b = 0.45*l.shade + 0.2 + snow + tex
		}
	}
	return r, g, b
}

func meadow(x, y float64) (float64, float64, float64) {
	hor := 0.55 + 0.05*math.Sin(x*5)
	if y < hor {
		r, g, b := mix3([3]float64{0.3, 0.55, 0.9}, [3]float64{0.75, 0.88, 0.98}, y/hor)
		cl := smooth(0.5, 0.7, fbm(x*3, y*8, 6))
		return lerp(r, 1, cl*0.85), lerp(g, 1, cl*0.85), lerp(b, 1, cl*0.85)
	}
	t := (y - hor) / (1 - hor)
	grass := fbm(x*60, y*12, 4)
	r, g, b := mix3([3]float64{0.35, 0.55, 0.2}, [3]float64{0.15, 0.35, 0.08}, t+grass*0.4-0.2)
	// scattered flowers in the foreground
	f := hash(math.Floor(x*140), math.Floor(y*100))
	if f > 0.985-t*0.02 && t > 0.2 {
		return 0.95, 0.85 - f*0.3, 0.2
	}
	return r, g, b
}

func aurora(x, y float64) (float64, float64, float64) {
	r, g, b := mix3([3]float64{0.01, 0.02, 0.08}, [3]float64{0.05, 0.1, 0.2}, y)
	if hash(math.Floor(x*400), math.Floor(y*600)) > 0.997 && y < 0.6 {
		r, g, b = 0.9, 0.9, 1
	}
	for k := 0.0; k < 3; k++ {
		cx := 0.5 + 0.3*math.Sin(y*6+k*2) + 0.1*fbm(y*3, k, 3)
		band := math.Exp(-math.Pow((x-cx)*(8+k*3), 2)) * smooth(0.65, 0.1, y) * smooth(0.0, 0.2, y)
		curtain := 0.6 + 0.4*fbm(x*40, y*2+k, 3)
		g += band * curtain * 0.8
		b += band * curtain * 0.35
		r += band * curtain * 0.15 * k
	}
	hill := 0.72 + 0.06*math.Sin(x*4+1) + 0.03*fbm(x*10, 3, 3)
	if y > hill {
		s := 0.75 + 0.15*fbm(x*20, y*20, 3) - (y-hill)*0.5
		return s * 0.75, s * 0.82, s * 0.95
	}
	return r, g, b
}

func city(x, y float64) (float64, float64, float64) {
	r, g, b := mix3([3]float64{0.03, 0.03, 0.12}, [3]float64{0.35, 0.2, 0.4}, y*1.3)
	if hash(math.Floor(x*500), math.Floor(y*330)) > 0.996 && y < 0.5 {
		r, g, b = 1, 1, 0.9
	}
	bw := 1.0 / 26
	i := math.Floor(x / bw)
	top := 0.35 + 0.35*hash(i, 3)
	if y > top {
		wx, wy := math.Mod(x, bw)/bw, (y-top)*90
		lit := hash(i*7+math.Floor(wx*5), math.Floor(wy))
		if wx > 0.12 && wx < 0.88 && math.Mod(wy, 1) > 0.35 && math.Mod(wx*5, 1) > 0.3 && lit > 0.55 {
			return 0.95, 0.8, 0.45
		}
		return 0.06, 0.05, 0.1
	}
	moon := smooth(0.045, 0.04, math.Hypot((x-0.8)*1.5, y-0.18))
	return r + moon, g + moon, b + moon*0.9
}

func dunes(x, y float64) (float64, float64, float64) {
	r, g, b := mix3([3]float64{0.35, 0.6, 0.9}, [3]float64{0.95, 0.85, 0.7}, y*1.6)
	d := math.Hypot((x-0.25)*1.5, y-0.2)
	sun := smooth(0.06, 0.055, d) + math.Exp(-d*d*30)*0.3
	r, g, b = r+sun, g+sun*0.9, b+sun*0.6
	for k := 0.0; k < 4; k++ {
		top := 0.5 + k*0.12 - 0.1*math.Sin(x*(3+k)+k*2) - 0.04*fbm(x*4, k, 3)
		if y > top {
			slope := math.Cos(x*(3+k)+k*2) * 0.5
			ripples := 0.04 * math.Sin((x*80+y*160)+fbm(x*10, y*10, 2)*8)
			sh := 0.75 + slope*0.25 + ripples - k*0.05
			r, g, b = 0.95*sh, 0.68*sh, 0.38*sh
		}
	}
	return r, g, b
}

// music writes an 18 s piano-and-pad loop in C major as Ogg Vorbis.
func music() {
	const rate = 44100
	const secs = 18.0
	n := int(rate * secs)
	left := make([]float64, n)
	right := make([]float64, n)
	chords := [][]float64{{60, 64, 67, 72}, {57, 60, 64, 69}, {53, 57, 60, 65}, {55, 59, 62, 67}}
	hz := func(m float64) float64 { return 440 * math.Pow(2, (m-69)/12) }
	barLen := secs / 4 / 1.5 // 6 bars... each 3 s
	barLen = 3.0
	for bar := 0; bar < 6; bar++ {
		ch := chords[bar%4]
		t0 := float64(bar) * barLen
		// pad
		for _, m := range ch[:3] {
			f := hz(m - 12)
			for i := int(t0 * rate); i < int((t0+barLen)*rate) && i < n; i++ {
				t := float64(i)/rate - t0
				env := smooth(0, 0.8, t) * smooth(barLen+0.2, barLen-0.6, t)
				v := env * 0.05 * (math.Sin(2*math.Pi*f*float64(i)/rate) + 0.3*math.Sin(2*math.Pi*f*2.003*float64(i)/rate))
				left[i] += v
				right[i] += v * 0.9
			}
		}
		// arpeggio "piano"
		for k := 0; k < 8; k++ {
			m := ch[k%4] + float64(12*(k/4))
			f := hz(m)
			st := t0 + float64(k)*barLen/8
			pan := 0.35 + 0.3*float64(k%4)/3
			for i := int(st * rate); i < int((st+1.6)*rate) && i < n; i++ {
				t := float64(i)/rate - st
				env := math.Exp(-t*3.2) * smooth(0, 0.005, t)
				ph := 2 * math.Pi * f * t
				v := env * 0.11 * (math.Sin(ph) + 0.4*math.Sin(2*ph) + 0.15*math.Sin(3*ph))
				left[i] += v * (1 - pan)
				right[i] += v * pan
			}
		}
	}
	var pcm bytes.Buffer
	for i := 0; i < n; i++ {
		binary.Write(&pcm, binary.LittleEndian, int16(math.Tanh(left[i])*30000))
		binary.Write(&pcm, binary.LittleEndian, int16(math.Tanh(right[i])*30000))
	}
	cmd := exec.Command("ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", "44100", "-ac", "2", "-i", "pipe:0",
		"-c:a", "libvorbis", "-q:a", "2", "demo/soundtrack.ogg")
	cmd.Stdin = &pcm
	cmd.Stderr = os.Stderr
	must(cmd.Run())
	st, _ := os.Stat("demo/soundtrack.ogg")
	fmt.Println("soundtrack.ogg", st.Size())
}
