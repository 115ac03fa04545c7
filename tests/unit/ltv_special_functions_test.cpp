// Digamma and the hypergeometric series against closed forms (Abramowitz & Stegun 6.3.2,
// 6.3.3, 15.1.3, 15.1.8) and against scipy.special.hyp2f1.
#include "insightos/ltv/special_functions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <sstream>

#include "tests/support/python_reference.h"

namespace insightos::ltv {
namespace {

constexpr double kEulerGamma = 0.57721566490153286061;

TEST(Digamma, ClosedForms) {
  EXPECT_NEAR(Digamma(1), -kEulerGamma, 1e-15);                          // A&S 6.3.2
  EXPECT_NEAR(Digamma(0.5), -kEulerGamma - 2 * std::log(2.0), 1e-15);    // A&S 6.3.3
  // ψ(n) = −γ + Σ_{k<n} 1/k.
  double harmonic = 0;
  for (int k = 1; k < 50; ++k) harmonic += 1.0 / k;
  EXPECT_NEAR(Digamma(50), -kEulerGamma + harmonic, 1e-14);
  // Recurrence ψ(x+1) = ψ(x) + 1/x far from where the asymptotic series switches on.
  for (double x : {1e-8, 0.013, 0.7, 3.3, 9.99, 10.01, 1234.5}) {
    EXPECT_NEAR(Digamma(x + 1), Digamma(x) + 1 / x, 1e-13 * std::max(1.0, std::fabs(Digamma(x)))) << x;
  }
  // Derivative of lgamma by central differences.
  for (double x : {0.2, 2.5, 40.0}) {
    const double h = 1e-5;
    EXPECT_NEAR(Digamma(x), (std::lgamma(x + h) - std::lgamma(x - h)) / (2 * h), 1e-8) << x;
  }
  EXPECT_TRUE(std::isnan(Digamma(0)));
  EXPECT_TRUE(std::isnan(Digamma(-1)));
}

TEST(Hyp2F1, ClosedForms) {
  for (double z : {-0.9, -0.3, 0.0, 0.2, 0.75, 0.99}) {
    // A&S 15.1.3: ₂F₁(1,1;2;z) = −ln(1−z)/z.
    const double expected_log = z == 0 ? 1.0 : -std::log1p(-z) / z;
    EXPECT_NEAR(*Hyp2F1(1, 1, 2, z), expected_log, 1e-14 * expected_log) << z;
    // ₂F₁(a,b;b;z) = (1−z)^{−a}.
    EXPECT_NEAR(*Hyp2F1(2.5, 3.7, 3.7, z), std::pow(1 - z, -2.5), 1e-13 * std::pow(1 - z, -2.5)) << z;
  }
  // Polynomial case: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
  EXPECT_NEAR(*Hyp2F1(-2, 3, 4, 0.5), 1 - 2 * 3 * 0.5 / 4 + 3.0 * 4 * 0.25 / (4 * 5), 1e-15);
  EXPECT_FALSE(Hyp2F1(1, 1, 2, 1.0).ok());
  EXPECT_FALSE(Hyp2F1(1, 1, -3, 0.5).ok());
  Result<double> slow = Hyp2F1(1, 1, 2, 0.999999, 1000);
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), StatusCode::kNotConverged);
}

TEST(Hyp2F1ScaledTail, StaysFiniteAtTheZeroOverZeroLimit) {
  // C·(₂F₁(A,1;C;z) − 1)/A with C = 1: ((1−z)^{−A} − 1)/A → −ln(1−z) as A → 0.
  std::vector<double> zs = {0.1, 0.5, 0.9};
  std::vector<double> out(3);
  ASSERT_TRUE(Hyp2F1ScaledTail(0.0, 1, 1, zs, out).ok());
  for (std::size_t i = 0; i < zs.size(); ++i) EXPECT_NEAR(out[i], -std::log1p(-zs[i]), 1e-14) << zs[i];
  // Away from the limit it is the plain quotient.
  ASSERT_TRUE(Hyp2F1ScaledTail(0.3, 2.2, 1.7, zs, out).ok());
  for (std::size_t i = 0; i < zs.size(); ++i) {
    const double f = *Hyp2F1(0.3, 2.2, 1.7, zs[i]);
    EXPECT_NEAR(out[i], 1.7 * (f - 1) / 0.3, 1e-12 * std::fabs(out[i])) << zs[i];
  }
  // C → 0 is finite as well: S(A,B,0;z) = Σ (A+1)_{n−1}(B)_n z^n / ((1)_{n−1} n!).
  std::vector<double> one = {0.4};
  std::vector<double> tail(1);
  ASSERT_TRUE(Hyp2F1ScaledTail(0.5, 1.5, 0.0, one, tail).ok());
  double expected = 0, coefficient = 1.5;  // n = 1 term: B
  for (int n = 1; n < 200; ++n) {
    expected += coefficient * std::pow(0.4, n);
    coefficient *= (0.5 + n) * (1.5 + n) / ((0.0 + n) * (n + 1));
  }
  EXPECT_NEAR(tail[0], expected, 1e-14 * expected);
}

TEST(Hyp2F1, AgreesWithScipy) {
  if (!testing::HaveScipy()) GTEST_SKIP() << "/usr/bin/python3 has no scipy (apt install python3-scipy)";
  struct Case {
    double a, b, c, z;
  };
  // Includes the BG/NBD shapes: large x (a = r + x, b = b + x) with z near 1.
  const Case cases[] = {{0.243, 2.426, 2.219, 0.5},    {1000.24, 1002.4, 1001.2, 0.4}, {2.2, 3.4, 5.1, 0.95},
                        {0.5, -1.7, 2.5, 0.8},         {3, 2, 1.5, -0.7},              {0.1, 0.2, 0.3, 0.999},
                        {5.5, 1.25, 0.75, 0.3},        {-3.5, 2, 4, 0.9}};
  std::ostringstream input;
  input.precision(17);
  for (const Case& k : cases) input << k.a << ' ' << k.b << ' ' << k.c << ' ' << k.z << '\n';
  std::optional<std::string> out =
      testing::RunLtvReference(std::string(INSIGHTOS_SOURCE_DIR) + "/tests/reference/ltv_reference.py", "hyp2f1",
                               input.str());
  ASSERT_TRUE(out.has_value());
  std::vector<double> expected = testing::ParseLines(*out);
  ASSERT_EQ(expected.size(), std::size(cases));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    Result<double> got = Hyp2F1(cases[i].a, cases[i].b, cases[i].c, cases[i].z);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_NEAR(*got, expected[i], 1e-11 * std::fabs(expected[i])) << "case " << i;
  }
}

}  // namespace
}  // namespace insightos::ltv
