//! Learn: the machine-learning core the stages share: the averaged perceptron over hashed
//! features (tagger, parser) and binary logistic regression (the event filter).

pub mod logistic;
pub mod perceptron;
