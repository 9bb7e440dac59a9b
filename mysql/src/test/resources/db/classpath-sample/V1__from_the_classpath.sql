CREATE TABLE from_classpath (id INT PRIMARY KEY);
