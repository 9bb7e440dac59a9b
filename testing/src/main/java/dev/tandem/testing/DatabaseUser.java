package dev.tandem.testing;

/** A user a test created with {@link TestDatabase#createUser(String)}: what it connects with. */
public record DatabaseUser(String name, String password) {

    /** The account as GRANT and DROP USER name it: {@code 'name'@'%'}. */
    public String account() {
        return "'" + name + "'@'%'";
    }

    /** The account only: the password stays out of test reports. */
    @Override
    public String toString() {
        return account();
    }
}
