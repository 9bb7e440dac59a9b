package dev.tandem.examples.spring;

import dev.tandem.examples.accounts.Account;
import dev.tandem.examples.accounts.Accounts;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /accounts} creates an account, {@code GET /accounts/{id}} shows it in this release's shape. */
@RestController
@RequestMapping("/accounts")
class AccountsController {

    private final Accounts accounts;

    AccountsController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping
    Map<String, Long> create(@RequestBody Account account) throws SQLException {
        List<Long> ids = accounts.create(List.of(account), Accounts.InsertForm.COLUMN_LIST);
        return Map.of("id", ids.get(0));
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, String>> read(@PathVariable long id) throws SQLException {
        String shown = accounts.read(id, Accounts.ReadForm.COLUMN_LIST);
        return shown == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("account", shown));
    }
}
