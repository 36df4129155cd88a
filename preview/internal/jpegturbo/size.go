package jpegturbo

// ScaledSize is libjpeg's size of n pixels decoded at num/8
// (jdiv_round_up).
func ScaledSize(n, num int) int { return (n*num + 7) / 8 }
