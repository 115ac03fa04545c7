// Parameters of the customer-base models (SPEC §9), with the names of the papers:
// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") and
// Gamma-Gamma spend (Fader & Hardie 2013, note 025). Time is in the caller's declared unit.
#ifndef INSIGHTOS_LTV_PARAMS_H_
#define INSIGHTOS_LTV_PARAMS_H_

namespace insightos::ltv {

// Transaction rate λ ~ Gamma(shape r, rate alpha); dropout after each repeat purchase with
// probability p ~ Beta(a, b).
struct BgNbdParams {
  double r = 0;
  double alpha = 0;
  double a = 0;
  double b = 0;
};

// Each transaction's value z ~ Gamma(shape p, rate ν), with ν ~ Gamma(shape q, rate v)
// across customers ("v" is γ in the paper, "v" in lifetimes). Mean spend is p·v/(q−1), q > 1.
struct GammaGammaParams {
  double p = 0;
  double q = 0;
  double v = 0;
};

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_PARAMS_H_
