#include <gtest/gtest.h>

#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

using ohmic::data::DataSpec;

TEST(DataSpec, ParsesEachKind) {
  DataSpec f = DataSpec::parse("fashion-mnist");
  EXPECT_EQ(f.kind, "fashion-mnist");
  EXPECT_EQ(f.arg, "");
  DataSpec t = DataSpec::parse("fashion-mnist:train,dir=/tmp/fm,scale=0.5,mean=0.1,std=2");
  EXPECT_EQ(t.arg, "train");
  EXPECT_EQ(t.dir, "/tmp/fm");
  EXPECT_DOUBLE_EQ(*t.scale, 0.5);
  EXPECT_DOUBLE_EQ(*t.mean, 0.1);
  EXPECT_DOUBLE_EQ(*t.std, 2.0);
  DataSpec m = DataSpec::parse("mnist:/opt/mnist");
  EXPECT_EQ(m.kind, "mnist");
  EXPECT_EQ(m.arg, "/opt/mnist");
  EXPECT_EQ(DataSpec::parse("digits").kind, "digits");
  DataSpec n = DataSpec::parse("npy:a.npy,b.npy,std=0.5");
  EXPECT_EQ(n.arg, "a.npy");
  EXPECT_EQ(n.labels_path, "b.npy");
  EXPECT_DOUBLE_EQ(*n.std, 0.5);
  EXPECT_EQ(DataSpec::parse("npy:a.npy,labels=b.npy").labels_path, "b.npy");
}

TEST(DataSpec, PreprocessingFallsBackToDefaults) {
  ohmic::data::Preprocessing d{0.25, 1.0, 4.0};
  auto p = DataSpec::parse("digits,mean=2").preprocessing(d);
  EXPECT_DOUBLE_EQ(p.scale, 0.25);
  EXPECT_DOUBLE_EQ(p.mean, 2.0);
  EXPECT_DOUBLE_EQ(p.std, 4.0);
  // float32 step by step: (8 * 0.25 - 2) / 4 = 0
  EXPECT_EQ(p.apply(8.0f), 0.0f);
  EXPECT_FLOAT_EQ(p.apply(16.0f), 0.5f);
}

TEST(DataSpec, RejectsBadSpecsWithTheGrammar) {
  for (const char* bad : {"", "cifar10", "fashion-mnist:val", "fashion-mnist:", "npy:a.npy", "digits,scale=abc",
                          "digits,std=0", "digits,colour=red", "mnist,dir=/x", "digits,scale=inf", "npy:a,b,c"}) {
    try {
      DataSpec::parse(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ohmic::Error& e) {
      EXPECT_NE(std::string(e.what()).find("data spec '" + std::string(bad) + "'"), std::string::npos) << e.what();
    }
  }
}
